import { getServerSession } from "next-auth";
import { authOptions } from "./auth-options.ts";
import { provisio } from "../server/current.ts";
import { permissionsOf } from "../identity/permissions.ts";

export interface ConsoleSession {
  userId: string;
  userName: string;
  permissions: Set<string>;
}

/**
 * The signed-in console user with current permissions, or null. getServerSession runs the jwt callback, which
 * reads the session's row (signed out, revoked, user deleted, disabled or locked: no session). Permissions are
 * read per request too, so a role change applies at once and losing console_login ends console access.
 */
export async function consoleSession(): Promise<ConsoleSession | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  const permissions = await permissionsOf(provisio().sql, session.user.id);
  if (!permissions.has("console_login")) return null;
  return { userId: session.user.id, userName: session.user.userName, permissions };
}
