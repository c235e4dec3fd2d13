import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createHash } from "node:crypto";
import { provisio } from "../server/current.ts";
import { config } from "../env.ts";
import { permissionsOf } from "../identity/permissions.ts";
import { signInWithPassword } from "./local-sign-in.ts";
import { clientAddressFrom } from "../server/client-address.ts";
import { safeCallbackUrl } from "./callback-url.ts";
import { SESSION_MAX_AGE_SECONDS, consoleSessionIsLive, endConsoleSession, startConsoleSession } from "../identity/users/console-sessions.ts";
import { log } from "../log.ts";
import { takeSignedInTicket } from "../oauth/federated-sign-in.ts";
import { loadUsers } from "../identity/users/user-rows.ts";

/**
 * Thrown from the jwt callback when the cookie's session was ended (signed out, revoked, user gone): next-auth
 * then answers "no session" and clears the cookie, for getServerSession and /api/auth/session alike.
 */
class SessionEnded extends Error {
  constructor() {
    super("provisio:session-ended");
  }
}
const isSessionEnded = (err: unknown) => (err as Error | undefined)?.message === "provisio:session-ended";

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
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    cookies: cookieNames(),
    providers: [
      CredentialsProvider({
        id: "local",
        name: "Provisio account",
        credentials: { username: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.username || !credentials.password) throw new Error("invalid");
          const result = await signInWithPassword(provisio().sql, credentials.username, credentials.password, "console", clientAddressFrom(req?.headers));
          if (!result.ok) throw new Error(result.reason);
          const permissions = await permissionsOf(provisio().sql, result.user.id);
          if (!permissions.has("console_login")) throw new Error("forbidden");
          return { id: result.user.id, name: result.user.displayName ?? result.user.userName, email: null, userName: result.user.userName };
        },
      }),
      CredentialsProvider({
        id: "federated",
        name: "Federated sign-in",
        credentials: { ticket: { label: "Ticket", type: "text" } },
        // the last step of a federated sign-in (lib/oauth/federated-sign-in.ts): its one-time ticket, held by this browser
        async authorize(credentials, req) {
          const pending = await takeSignedInTicket(provisio().sql, config().baseUrl, credentials?.ticket ?? "", req?.headers?.cookie, "console");
          if (!pending?.userId) throw new Error("federation");
          const permissions = await permissionsOf(provisio().sql, pending.userId);
          if (!permissions.has("console_login")) throw new Error("forbidden");
          const [user] = await loadUsers(provisio().sql, [pending.userId]);
          if (!user?.active) throw new Error("disabled");
          return { id: user.id, name: user.displayName ?? user.userName, email: null, userName: user.userName };
        },
      }),
    ],
    callbacks: {
      // every request with a session cookie comes through here: the session row must still be there
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.userName = (user as { userName?: string }).userName;
          token.sid = await startConsoleSession(provisio().sql, user.id);
          return token;
        }
        const sid = typeof token.sid === "string" ? token.sid : undefined;
        if (!sid || !token.sub || !(await consoleSessionIsLive(provisio().sql, sid, token.sub))) throw new SessionEnded();
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
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endConsoleSession(provisio().sql, token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        if (isSessionEnded(metadata)) return;
        const err = metadata instanceof Error ? metadata : (metadata as { error?: Error } | undefined)?.error;
        log.error({ code, err: { message: err?.message } }, "sign-in library error");
      },
      warn(code) {
        log.warn({ code }, "sign-in library warning");
      },
      debug() {},
    },
  };
}
