import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asDate } from "../db/values.ts";
import type { Columns } from "../generated/tables.ts";

/**
 * Federated sign-ins under way. A row is written when the browser leaves for the identity provider and taken
 * (deleted, in the same statement that reads it) when it comes back, so a callback cannot be replayed; the
 * prompt and console stages each write a fresh row under a new id for the same reason.
 */
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;

export type SignInPurpose = "oauth" | "console";
export type SignInStage = "redirected" | "prompt" | "signed-in";

export interface PendingSignIn {
  id: string;
  connectionId: string;
  purpose: SignInPurpose;
  interactionUid: string | null;
  returnTo: string | null;
  nonce: string;
  codeVerifier: string;
  stage: SignInStage;
  subject: string | null;
  claims: Record<string, unknown> | null;
  userId: string | null;
  expiresAt: Date;
}

type Row = Columns<"FederatedSignIn", "id" | "connectionId" | "purpose" | "interactionUid" | "returnTo" | "nonce" | "codeVerifier" | "stage" | "subject" | "claims" | "userId" | "expiresAt">;

const toPending = (r: Row): PendingSignIn => ({
  ...r,
  purpose: r.purpose as SignInPurpose,
  stage: r.stage as SignInStage,
  claims: r.claims ? (JSON.parse(r.claims) as Record<string, unknown>) : null,
  expiresAt: asDate(r.expiresAt),
});

export async function savePendingSignIn(sql: Sql, p: Omit<PendingSignIn, "expiresAt">, now = new Date()): Promise<void> {
  await sql.run(`DELETE FROM "FederatedSignIn" WHERE "expiresAt" < ?`, [now]);
  await sql.run(
    `INSERT INTO "FederatedSignIn" ("id", "connectionId", "purpose", "interactionUid", "returnTo", "nonce", "codeVerifier", "stage", "subject", "claims", "userId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      p.id,
      p.connectionId,
      p.purpose,
      p.interactionUid,
      p.returnTo,
      p.nonce,
      p.codeVerifier,
      p.stage,
      p.subject,
      p.claims ? JSON.stringify(p.claims) : null,
      p.userId,
      now,
      new Date(now.getTime() + SIGN_IN_TTL_MS),
    ],
  );
}

/** Reads without taking: the prompt page shows what it will ask before the form is sent. */
export async function peekPendingSignIn(exec: SqlExecutor, id: string, stage: SignInStage, now = new Date()): Promise<PendingSignIn | undefined> {
  const row = await exec.get<Row>(`SELECT * FROM "FederatedSignIn" WHERE "id" = ? AND "stage" = ?`, [id, stage]);
  return row && asDate(row.expiresAt) > now ? toPending(row) : undefined;
}

/** Takes a sign-in at the stage expected, once: a second call with the same id finds nothing. */
export async function takePendingSignIn(sql: Sql, id: string, stage: SignInStage, now = new Date()): Promise<PendingSignIn | undefined> {
  return sql.transaction(async (tx) => {
    const row = await tx.get<Row>(`SELECT * FROM "FederatedSignIn" WHERE "id" = ? AND "stage" = ?`, [id, stage]);
    if (!row || !(await tx.run(`DELETE FROM "FederatedSignIn" WHERE "id" = ?`, [id]))) return undefined;
    return asDate(row.expiresAt) > now ? toPending(row) : undefined;
  });
}
