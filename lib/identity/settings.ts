import { z } from "zod";
import type { SqlExecutor } from "../db/sql.ts";
import type { Columns } from "../generated/tables.ts";

/** Server-wide settings with their defaults; each is one JSON row, read through its schema. */
export const settingSchemas = {
  accountLock: z.object({
    enabled: z.boolean(),
    maxFailedAttempts: z.number().int().min(1).max(100),
    lockMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  selfRegistration: z.object({
    enabled: z.boolean(),
  }),
  outboundRetry: z.object({
    maxAttempts: z.number().int().min(1).max(100),
    baseDelayMs: z.number().int().min(10).max(3_600_000),
    maxDelayMs: z.number().int().min(10).max(86_400_000),
  }),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;

const defaults: { [K in SettingKey]: SettingValue<K> } = {
  accountLock: { enabled: true, maxFailedAttempts: 5, lockMinutes: 15 },
  selfRegistration: { enabled: false },
  outboundRetry: { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 },
};

export async function getSetting<K extends SettingKey>(exec: SqlExecutor, key: K): Promise<SettingValue<K>> {
  const row = await exec.get<Columns<"Setting", "value">>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [key]);
  if (!row) return defaults[key];
  const parsed = settingSchemas[key].safeParse(JSON.parse(row.value));
  return parsed.success ? (parsed.data as SettingValue<K>) : defaults[key];
}

export async function putSetting<K extends SettingKey>(exec: SqlExecutor, key: K, value: SettingValue<K>): Promise<void> {
  const json = JSON.stringify(settingSchemas[key].parse(value));
  await exec.run(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`, [
    key,
    json,
    new Date(),
  ]);
}
