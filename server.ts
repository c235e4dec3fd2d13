// The entry of `npm start` and `npm run dev` alike: composes the instance (lib/server/provisio.ts), answers the
// machine-facing APIs directly (the same handlers the app/ route files export, without Next's per-request
// overhead), mounts the OAuth/OIDC provider, and hands everything else to Next — in production mode, or with
// `--dev` in development mode (compiled on demand, hot reload of the console). One code path: migrations, seed,
// /scim2, /oauth2 and the outbound worker run the same in both.
import http from "node:http";
import next from "next";
import { createProvisio, type Provisio } from "./lib/server/provisio.ts";
import { installProvisio } from "./lib/server/current.ts";
import { serveApi, type ApiHandler } from "./lib/server/node-adapter.ts";
import { healthHandler } from "./lib/server/health.ts";
import { answerClientError } from "./lib/server/client-error.ts";
import { hasDotSegments, refuseDotSegments } from "./lib/server/dot-segments.ts";
import { handleScim } from "./lib/scim-server/router.ts";
import { handleScim11 } from "./lib/scim-server/scim11.ts";
import { handleUserAdminService, USER_ADMIN_SERVICE_PATH } from "./lib/soap-server/handler.ts";
import { log } from "./lib/log.ts";
import { ConfigError } from "./lib/env.ts";
import { OAUTH_PREFIX } from "./lib/oauth/provider.ts";
import { handleInteraction } from "./lib/oauth/interactions.ts";
import { COMMONAUTH, handleFederatedSignIn } from "./lib/oauth/federated-sign-in.ts";
import { stampClientAddress } from "./lib/server/client-address.ts";
import { securityHeaders } from "./lib/server/security-headers.ts";
import { limitHeapGrowth } from "./lib/server/heap-growth.ts";

const dev = process.argv.includes("--dev");

function fastRoutes(p: Provisio): Array<[prefix: string, handler: ApiHandler]> {
  const deps = { sql: p.sql, baseUrl: p.config.baseUrl };
  return [
    ["/api/health", () => healthHandler(p.sql)],
    ["/scim2", (request) => handleScim(request, deps)],
    ["/wso2/scim", (request) => handleScim11(request, deps)],
    [USER_ADMIN_SERVICE_PATH, (request) => handleUserAdminService(request, deps)],
  ];
}

function fastHandler(routes: Array<[prefix: string, handler: ApiHandler]>, url: string): ApiHandler | undefined {
  const path = url.split("?", 1)[0];
  for (const [prefix, handler] of routes) {
    if (path === prefix || path.startsWith(prefix + "/")) return handler;
  }
  return undefined;
}

async function main() {
  limitHeapGrowth();
  const p = await createProvisio();
  // the one hand-over to Next's bundled route handlers and pages (lib/server/current.ts)
  installProvisio(p);
  const cfg = p.config;
  const { provider, sql } = p;
  const oidc = provider.callback();
  const routes = fastRoutes(p);

  const headers = securityHeaders(cfg.baseUrl);
  const server = http.createServer();
  // in development Next attaches its hot-reload socket to this server
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: cfg.port, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
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
    const handler = fastHandler(routes, url);
    const serve = () => {
      if (handler) return serveApi(handler, req, res, cfg.baseUrl);
      if (path.startsWith(`${OAUTH_PREFIX}/interaction/`)) return handleInteraction(provider, sql, cfg.baseUrl, req, res);
      if (path === COMMONAUTH || path.startsWith(`${COMMONAUTH}/`)) return handleFederatedSignIn({ provider, sql, baseUrl: cfg.baseUrl }, req, res);
      if (path.startsWith(`${OAUTH_PREFIX}/`) || url.startsWith("/.well-known/openid-configuration")) return oidc(req, res);
      return handle(req, res);
    };
    const work = serve();
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
    log.info({ url: cfg.baseUrl, port: cfg.port, database: cfg.dialect, mode: dev ? "development" : "production" }, "Provisio is listening");
  });

  const stop = (signal: string) => {
    log.info({ signal }, "shutting down");
    server.close();
    void p.close().finally(() => process.exit(0));
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
