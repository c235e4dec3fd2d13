// Production entry: the composition root. Machine-facing APIs are answered here directly (the same handlers the
// app/ route files export, without Next's per-request overhead); everything else goes to Next.
import http from "node:http";
import next from "next";
import { bootstrap } from "./lib/server/bootstrap.ts";
import { serveApi, type ApiHandler } from "./lib/server/node-adapter.ts";
import { healthHandler } from "./lib/server/health.ts";
import { answerClientError } from "./lib/server/client-error.ts";
import { hasDotSegments, refuseDotSegments } from "./lib/server/dot-segments.ts";
import { handleScim } from "./lib/scim-server/router.ts";
import { handleScim11 } from "./lib/scim-server/scim11.ts";
import { db } from "./lib/db/client.ts";
import { log } from "./lib/log.ts";
import { ConfigError } from "./lib/env.ts";
import { sql } from "./lib/db/client.ts";
import { ensureSigningKeys } from "./lib/oauth/keys.ts";
import { createProvider, OAUTH_PREFIX } from "./lib/oauth/provider.ts";
import { handleInteraction } from "./lib/oauth/interactions.ts";
import { bearerPrincipal } from "./lib/oauth/bearer.ts";
import { registerBearerVerifier } from "./lib/scim-server/auth.ts";
import { startOutboundProvisioning } from "./lib/provisioning/engine.ts";
import { stampClientAddress } from "./lib/server/client-address.ts";
import { securityHeaders } from "./lib/server/security-headers.ts";

const fastRoutes: Array<[prefix: string, handler: ApiHandler]> = [
  ["/api/health", healthHandler],
  ["/scim2", (request) => handleScim(request)],
  ["/wso2/scim", (request) => handleScim11(request)],
];

function fastHandler(url: string): ApiHandler | undefined {
  const path = url.split("?", 1)[0];
  for (const [prefix, handler] of fastRoutes) {
    if (path === prefix || path.startsWith(prefix + "/")) return handler;
  }
  return undefined;
}

async function main() {
  const cfg = await bootstrap();
  const keys = await ensureSigningKeys(sql(), cfg.secretValue);
  const provider = createProvider({ sql: sql(), baseUrl: cfg.baseUrl, secret: cfg.secretValue, keys });
  const oidc = provider.callback();
  registerBearerVerifier((token) => bearerPrincipal(sql(), cfg.baseUrl, token));
  const worker = startOutboundProvisioning(sql());

  const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port: cfg.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const headers = securityHeaders(cfg.baseUrl);
  const server = http.createServer((req, res) => {
    // sign-in throttling is per client address; whatever a client sends under that header name is replaced
    stampClientAddress(req, cfg.trustProxy);
    const url = req.url ?? "/";
    // resolving "." and ".." would aim the request at another resource than the one it names: refused for
    // every path, the console's and the admin API's included, before any routing
    if (hasDotSegments(url)) {
      refuseDotSegments(res);
      return;
    }
    const path = url.split("?", 1)[0];
    // set before any handler runs: Next, the fast path and the OAuth provider all keep headers already set
    for (const [name, value] of headers.forPath(path)) res.setHeader(name, value);
    // WSO2 publishes discovery under the token endpoint; clients configured for it find it here too
    if (path === `${OAUTH_PREFIX}/token/.well-known/openid-configuration`) req.url = "/.well-known/openid-configuration";
    const handler = fastHandler(url);
    const work = handler
      ? serveApi(handler, req, res, cfg.baseUrl)
      : path.startsWith(`${OAUTH_PREFIX}/interaction/`)
        ? handleInteraction(provider, sql(), req, res)
        : path.startsWith(`${OAUTH_PREFIX}/`) || (req.url ?? "").startsWith("/.well-known/openid-configuration")
          ? oidc(req, res)
          : handle(req, res);
    Promise.resolve(work).catch((err) => {
      log.error({ err: { message: (err as Error).message }, url: req.url }, "unhandled request error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal error"}');
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on("clientError", answerClientError);
  // a port already in use must stop the start, not leave a process that never listens
  server.on("error", (err) => {
    log.fatal({ err: { message: err.message } }, "Provisio cannot listen");
    process.exit(1);
  });
  server.listen(cfg.port, cfg.host, () => {
    log.info({ url: cfg.baseUrl, port: cfg.port, database: cfg.dialect }, "Provisio is listening");
  });

  const stop = (signal: string) => {
    log.info({ signal }, "shutting down");
    server.close();
    void worker
      .stop()
      .then(() => db().$disconnect())
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else log.fatal({ err: { message: (err as Error).message, stack: (err as Error).stack } }, "Provisio failed to start");
  process.exit(1);
});
