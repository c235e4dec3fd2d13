import type Provider from "oidc-provider";
import { config as processConfig, type Config } from "../env.ts";
import { createSql, type Sql } from "../db/sql.ts";
import { createInstanceState, type InstanceState } from "../db/instance-state.ts";
import { migrate } from "../db/migrate.ts";
import { seed } from "../identity/seed.ts";
import { resolveSecret } from "../crypto/secret.ts";
import { ensureSigningKeys } from "../oauth/keys.ts";
import { createProvider } from "../oauth/provider.ts";
import { bearerPrincipal } from "../oauth/bearer.ts";
import { registerBearerVerifier } from "../scim-server/auth.ts";
import { startOutboundProvisioning } from "../provisioning/engine.ts";
import type { OutboxWorker } from "../provisioning/worker.ts";
import { log } from "../log.ts";

export interface ProvisioConfig extends Config {
  /** PROVISIO_SECRET, or the one generated into the data folder */
  secretValue: string;
}

/** One running Provisio: everything that holds data or state, built once by createProvisio. */
export interface Provisio {
  readonly config: ProvisioConfig;
  /** the one database access (one pool per database): requests, the worker, the seed and the health check */
  readonly sql: Sql;
  /** the instance's caches and wiring; the same object as sql.state */
  readonly state: InstanceState;
  /** the OAuth 2.0 / OpenID Connect provider mounted under /oauth2 */
  readonly provider: Provider;
  /** delivers the outbox */
  readonly worker: OutboxWorker;
  /** stops the worker and closes the database access */
  close(): Promise<void>;
}

/**
 * The composition root. Everything that must hold before the first request (valid configuration, the secret,
 * an up-to-date schema, the seeded content), then the database access with the instance's caches, the OIDC
 * provider, the bearer check SCIM uses, and outbound provisioning (the change listener and the worker).
 * server.ts calls it once, for production and for development alike.
 */
export async function createProvisio(base: Config = processConfig()): Promise<Provisio> {
  const secretValue = resolveSecret(base.dataDir, base.secret);
  const cfg: ProvisioConfig = { ...base, secretValue };
  // next-auth reads these from the environment
  process.env.NEXTAUTH_SECRET = secretValue;
  process.env.NEXTAUTH_URL = cfg.baseUrl;
  const applied = await migrate(cfg.databaseUrl);
  if (applied.length) log.info({ applied }, "database migrated");

  const state = createInstanceState();
  const sql = createSql(cfg.databaseUrl, state, { backgroundCheckpoints: true });
  await seed(sql, { username: cfg.adminUsername, password: cfg.adminPassword, email: cfg.adminEmail });

  const keys = await ensureSigningKeys(sql, secretValue);
  const provider = createProvider({ sql, baseUrl: cfg.baseUrl, secret: secretValue, keys });
  registerBearerVerifier(sql, (token) => bearerPrincipal(sql, cfg.baseUrl, token));
  const worker = startOutboundProvisioning(sql, cfg.outbox);

  return {
    config: cfg,
    sql,
    state,
    provider,
    worker,
    async close() {
      await worker.stop();
      await sql.close();
    },
  };
}
