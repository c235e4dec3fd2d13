import pino from "pino";

/**
 * One JSON logger per module copy, writing to stdout. It holds no data and no wiring (only the level, read
 * from the environment), so a second copy in one of Next's bundles writes the same lines: it is a plain module
 * constant, not part of the composed instance. Secrets never reach it: the redact list is a safety net for
 * objects passed whole (request headers, connector configs).
 */
export const log: pino.Logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "provisio" },
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "clientSecret", "*.clientSecret", "authorization", "*.authorization", "headers.authorization", "passwordHash", "*.passwordHash"],
    censor: "[redacted]",
  },
});
