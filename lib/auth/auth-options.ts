import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createHash } from "node:crypto";
import { sql } from "../db/client.ts";
import { config } from "../env.ts";
import { permissionsOf } from "../identity/permissions.ts";
import { signInWithPassword } from "./local-sign-in.ts";
import { safeCallbackUrl } from "./callback-url.ts";

/**
 * Cookie names carry a tag of the instance's base URL: several Provisio instances on one host (different
 * ports) must not overwrite each other's sessions in one browser.
 */
function cookieNames() {
  const tag = createHash("sha256").update(config().baseUrl).digest("hex").slice(0, 8);
  const secure = config().baseUrl.startsWith("https://");
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: `provisio-${tag}.session`, options },
    callbackUrl: { name: `provisio-${tag}.callback-url`, options },
    csrfToken: { name: `provisio-${tag}.csrf`, options },
  };
}

export function sessionCookieName(): string {
  return cookieNames().sessionToken.name;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    cookies: cookieNames(),
    providers: [
      CredentialsProvider({
        id: "local",
        name: "Provisio account",
        credentials: { username: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          if (!credentials?.username || !credentials.password) throw new Error("invalid");
          const result = await signInWithPassword(sql(), credentials.username, credentials.password, "console");
          if (!result.ok) throw new Error(result.reason);
          const permissions = await permissionsOf(sql(), result.user.id);
          if (!permissions.has("console_login")) throw new Error("forbidden");
          return { id: result.user.id, name: result.user.displayName ?? result.user.userName, email: null, userName: result.user.userName };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.userName = (user as { userName?: string }).userName;
        }
        return token;
      },
      // sign-in and sign-out redirects: this site only, anything else goes to the sign-in page
      async redirect({ url }) {
        return safeCallbackUrl(url, config().baseUrl);
      },
      async session({ session, token }) {
        session.user = { ...session.user, id: token.sub ?? "", userName: String(token.userName ?? "") };
        return session;
      },
    },
  };
}
