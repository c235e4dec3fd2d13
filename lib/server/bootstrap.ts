import { config } from "../env.ts";
import { migrate } from "../db/migrate.ts";
import { db } from "../db/client.ts";
import { seed } from "../identity/seed.ts";
import { resolveSecret } from "../auth/secret.ts";
import { log } from "../log.ts";

/**
 * Everything that must hold before the first request: valid configuration, the secret, an up-to-date
 * schema and the seeded content. Also publishes what next-auth reads from the environment.
 */
export async function bootstrap() {
  const cfg = config();
  const secret = resolveSecret(cfg.dataDir, cfg.secret);
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL = cfg.baseUrl;
  const applied = await migrate(cfg.databaseUrl);
  if (applied.length) log.info({ applied }, "database migrated");
  await seed(db(), { username: cfg.adminUsername, password: cfg.adminPassword, email: cfg.adminEmail });
  return { ...cfg, secretValue: secret };
}
