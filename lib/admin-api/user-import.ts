import { z } from "zod";
import type { Sql } from "../db/sql.ts";
import { listCustomAttributes } from "../identity/custom-attributes.ts";
import { IdentityError } from "../identity/errors.ts";
import { normaliseKey } from "../identity/qualified-name.ts";
import { findStore } from "../identity/user-stores.ts";
import { createUser } from "../identity/users/create-user.ts";
import { takenUserNameKeys } from "../identity/users/user-rows.ts";
import { formToUserInput } from "../console/user-form-mapping.ts";
import { IMPORT_BATCH_ROWS, IMPORT_MAX_ROWS, mapColumns, readRow, repeatedNames, userNameCell, type ImportedUser } from "../console/user-import.ts";
import type { AdminCaller } from "./caller.ts";
import { adminOrigin, blockingResults } from "./outbound.ts";

const cells = z.array(z.string().max(4096)).max(100);

/** A parsed CSV file as the console sends it: the header row and the data rows, each a list of cells. */
export const importPreviewRequest = z.object({
  columns: cells.min(1, "The file has no header row"),
  rows: z
    .array(cells)
    .min(1, "The file has no rows under its header")
    .max(IMPORT_MAX_ROWS, `At most ${IMPORT_MAX_ROWS.toLocaleString("en")} rows at a time: split the file`),
  domain: z.string().trim().min(1).default("PRIMARY"),
});

/** A slice of the file to create: `firstRow` numbers its rows as the preview did. */
export const importRequest = importPreviewRequest.extend({
  rows: z.array(cells).min(1).max(IMPORT_BATCH_ROWS, `At most ${IMPORT_BATCH_ROWS} rows per request`),
  firstRow: z.int().min(1).max(IMPORT_MAX_ROWS).default(1),
});

export type PreviewStatus = "valid" | "invalid" | "duplicate" | "exists";
export interface PreviewRow {
  row: number;
  userName: string;
  status: PreviewStatus;
  errors: string[];
}
export interface ImportRow {
  row: number;
  userName: string;
  status: "created" | "failed";
  id?: string;
  reason?: string;
}

async function readFile(sql: Sql, body: z.output<typeof importPreviewRequest>) {
  const customAttributes = await listCustomAttributes(sql);
  const { targets, problems } = mapColumns(body.columns, customAttributes);
  if (problems.length) throw IdentityError.invalid(problems.join("; "), "columns");
  return body.rows.map((cells) => ({ ...readRow(targets, cells, { defaultDomain: body.domain, customAttributes }), typedName: userNameCell(targets, cells) }));
}

const qualified = (user: ImportedUser) => `${user.form.domain.toUpperCase()}/${user.form.userName}`;
const shownName = (user: ImportedUser) => (user.form.domain.toUpperCase() === "PRIMARY" ? user.form.userName : qualified(user));

/** Why a user cannot go into its store, or undefined: an unknown or read-only store, or a name already taken there. */
async function storeProblems(sql: Sql, users: (ImportedUser | undefined)[]): Promise<(string | undefined)[]> {
  const problems: (string | undefined)[] = users.map(() => undefined);
  const byDomain = new Map<string, number[]>();
  users.forEach((user, i) => user && byDomain.set(user.form.domain.toUpperCase(), [...(byDomain.get(user.form.domain.toUpperCase()) ?? []), i]));
  for (const [domain, indexes] of byDomain) {
    const store = await findStore(sql, domain);
    if (!store || store.readOnly) {
      for (const i of indexes) problems[i] = `User store domain "${domain}" ${store ? "is read-only" : "does not exist"}`;
      continue;
    }
    const taken = await takenUserNameKeys(
      sql,
      store.id,
      indexes.map((i) => users[i]!.form.userName),
    );
    for (const i of indexes) if (taken.has(normaliseKey(users[i]!.form.userName))) problems[i] = `User "${shownName(users[i]!)}" already exists`;
  }
  return problems;
}

/** Every row checked without writing anything: its own errors, a name repeated above it in the file, or taken in its store. */
export async function previewImport(sql: Sql, raw: unknown): Promise<{ rows: PreviewRow[] }> {
  const body = importPreviewRequest.parse(raw);
  const read = await readFile(sql, body);
  const users = read.map((r) => ("user" in r ? r.user : undefined));
  const repeats = repeatedNames(users.map((u) => (u ? qualified(u) : undefined)));
  const inStore = await storeProblems(sql, users);
  return {
    rows: read.map((r, i): PreviewRow => {
      const row = i + 1;
      const userName = "user" in r ? shownName(r.user) : r.typedName;
      if ("errors" in r) return { row, userName, status: "invalid", errors: r.errors };
      const firstAt = repeats.get(row);
      if (firstAt) return { row, userName, status: "duplicate", errors: [`The file names "${userName}" in row ${firstAt} already`] };
      if (inStore[i]) return { row, userName, status: "exists", errors: [inStore[i]!] };
      return { row, userName, status: "valid", errors: [] };
    }),
  };
}

/**
 * Creates a slice of the file's users one by one through the same use case as the admin API and SCIM (validation,
 * audit, outbound provisioning as the resident service provider); a row that fails says why and the rest go on.
 */
export async function importUsers(sql: Sql, raw: unknown, caller: AdminCaller): Promise<{ rows: ImportRow[] }> {
  const body = importRequest.parse(raw);
  const read = await readFile(sql, body);
  const out: ImportRow[] = [];
  for (const [i, r] of read.entries()) {
    const row = body.firstRow + i;
    if ("errors" in r) {
      out.push({ row, userName: r.typedName, status: "failed", reason: r.errors.join("; ") });
      continue;
    }
    const userName = shownName(r.user);
    try {
      const origin = adminOrigin(caller.actor);
      const input = { ...formToUserInput(r.user.form), enterprise: { department: r.user.department }, custom: r.user.custom };
      const user = await createUser(sql, input, { actor: caller.actor, source: "local", origin });
      const failures = (await blockingResults(origin)).outboundFailures;
      out.push({ row, userName, status: "created", id: user.id, ...(failures.length ? { reason: `Created; provisioning failed: ${failures.join("; ")}` } : {}) });
    } catch (err) {
      if (!(err instanceof IdentityError) && !(err instanceof z.ZodError)) throw err;
      out.push({ row, userName, status: "failed", reason: err instanceof IdentityError ? err.message : err.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") });
    }
  }
  return { rows: out };
}
