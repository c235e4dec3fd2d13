import { getServerSession } from "next-auth";
import { authOptions } from "./auth-options.ts";
import { sql } from "../db/client.ts";
import { asBool } from "../db/values.ts";
import { permissionsOf } from "../identity/permissions.ts";

export interface ConsoleSession {
  userId: string;
  userName: string;
  permissions: Set<string>;
}

/**
 * The signed-in console user with current permissions, or null. Permissions are read per request so a role
 * change applies at once, and a user deleted while signed in loses access.
 */
export async function consoleSession(): Promise<ConsoleSession | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  const user = await sql().get<{ id: string; active: unknown }>(`SELECT "id", "active" FROM "User" WHERE "id" = ?`, [session.user.id]);
  if (!user || !asBool(user.active)) return null;
  const permissions = await permissionsOf(sql(), user.id);
  if (!permissions.has("console_login")) return null;
  return { userId: user.id, userName: session.user.userName, permissions };
}
