import { z } from "zod";
import path from "node:path";

/** Start-up configuration, validated once; a bad value stops the server with a message naming the variable. */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PROVISIO_DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: (SQLite) or postgres:// / postgresql://")
    .optional(),
  PROVISIO_BASE_URL: z.string().url().optional(),
  ADMIN_USERNAME: z.string().min(1).default("admin"),
  ADMIN_PASSWORD: z.string().min(1).default("admin"),
  // a single-label domain (localhost, an intranet host) is a valid address here, which zod's email() refuses
  ADMIN_EMAIL: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/, "must be an email address such as admin@example.com")
    .default("admin@localhost"),
  PROVISIO_TRUST_PROXY: z.enum(["true", "false", "1", "0"], { message: "must be true or false" }).default("false"),
  PROVISIO_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PROVISIO_OUTBOX_BATCH: z.coerce.number().int().min(1).max(1000).default(64),
  PROVISIO_OUTBOX_PARALLEL: z.coerce.number().int().min(1).max(64).default(8),
  PROVISIO_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  PROVISIO_SCIM_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  PROVISIO_SETTINGS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  dialect: "sqlite" | "postgres";
  baseUrl: string;
  adminUsername: string;
  adminPassword: string;
  /** the seeded administrator's email (SCIM clients such as Okta expect every user to have one) */
  adminEmail: string;
  secret?: string;
  /** a reverse proxy in front appends the client's address to X-Forwarded-For, and only it reaches the server */
  trustProxy: boolean;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  /** the outbound worker: events claimed at a time, deliveries in parallel, idle poll interval */
  outbox: { batch: number; parallel: number; pollMs: number };
  /** bytes of serialised SCIM users kept in memory for reads (0 turns the cache off) */
  scimCacheBytes: number;
  /**
   * how long the outbound provisioners and the applications' inbound settings read from the database are reused;
   * undefined keeps each cache's own period (3 s and 5 s)
   */
  settingsCacheMs?: number;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.PROVISIO_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "provisio.db")}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl,
    dialect: databaseUrl.startsWith("file:") ? "sqlite" : "postgres",
    baseUrl: (e.PROVISIO_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    adminUsername: e.ADMIN_USERNAME,
    adminPassword: e.ADMIN_PASSWORD,
    adminEmail: e.ADMIN_EMAIL,
    secret: e.PROVISIO_SECRET,
    trustProxy: e.PROVISIO_TRUST_PROXY === "true" || e.PROVISIO_TRUST_PROXY === "1",
    logLevel: e.LOG_LEVEL,
    outbox: { batch: e.PROVISIO_OUTBOX_BATCH, parallel: e.PROVISIO_OUTBOX_PARALLEL, pollMs: e.PROVISIO_OUTBOX_POLL_MS },
    scimCacheBytes: e.PROVISIO_SCIM_CACHE_MB * 1024 * 1024,
    settingsCacheMs: e.PROVISIO_SETTINGS_CACHE_MS,
  };
}

let cached: Config | undefined;
/** The process configuration. The server validates it at start; later calls reuse it. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** SQLite file path from a file: URL, relative paths resolved against the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^file:(\/\/)?/, ""));
}
