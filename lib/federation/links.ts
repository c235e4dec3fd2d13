import type { SqlExecutor } from "../db/sql.ts";
import { asDate, placeholders } from "../db/values.ts";
import type { Columns } from "../generated/tables.ts";

/** The local user a connection's subject signs in as, with the roles its role mapping granted last time. */
export interface FederatedLink {
  connectionId: string;
  subject: string;
  userId: string;
  mappedRoleIds: string[];
  lastSignInAt: Date;
}

type Row = Columns<"FederatedLink", "connectionId" | "subject" | "userId" | "mappedRoles" | "lastSignInAt">;
const COLUMNS = `"connectionId", "subject", "userId", "mappedRoles", "lastSignInAt"`;

const toLink = (r: Row): FederatedLink => ({
  connectionId: r.connectionId,
  subject: r.subject,
  userId: r.userId,
  mappedRoleIds: JSON.parse(r.mappedRoles) as string[],
  lastSignInAt: asDate(r.lastSignInAt),
});

export async function findLink(exec: SqlExecutor, connectionId: string, subject: string): Promise<FederatedLink | undefined> {
  const row = await exec.get<Row>(`SELECT ${COLUMNS} FROM "FederatedLink" WHERE "connectionId" = ? AND "subject" = ?`, [connectionId, subject]);
  return row ? toLink(row) : undefined;
}

/** A user's federated identities, newest sign-in first: provenance on the user page. */
export async function linksOfUsers(exec: SqlExecutor, userIds: string[]): Promise<FederatedLink[]> {
  if (!userIds.length) return [];
  const rows = await exec.all<Row>(`SELECT ${COLUMNS} FROM "FederatedLink" WHERE "userId" IN (${placeholders(userIds.length)}) ORDER BY "lastSignInAt" DESC`, userIds);
  return rows.map(toLink);
}

/** Records a link made now; a link of the same subject to another user is a conflict the caller ruled out. */
export async function insertLink(tx: SqlExecutor, connectionId: string, subject: string, userId: string, mappedRoleIds: string[], now = new Date()): Promise<void> {
  await tx.run(`INSERT INTO "FederatedLink" ("connectionId", "subject", "userId", "mappedRoles", "createdAt", "lastSignInAt") VALUES (?, ?, ?, ?, ?, ?)`, [
    connectionId,
    subject,
    userId,
    JSON.stringify(mappedRoleIds),
    now,
    now,
  ]);
}

export async function touchLink(exec: SqlExecutor, connectionId: string, subject: string, mappedRoleIds: string[], now = new Date()): Promise<void> {
  await exec.run(`UPDATE "FederatedLink" SET "lastSignInAt" = ?, "mappedRoles" = ? WHERE "connectionId" = ? AND "subject" = ?`, [now, JSON.stringify(mappedRoleIds), connectionId, subject]);
}
