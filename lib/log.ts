import pino from "pino";

const g = globalThis as typeof globalThis & { __provisioLog?: pino.Logger };

/**
 * One JSON logger for the process. Secrets never reach it: the redact list is a safety net for
 * objects passed whole (request headers, connector configs).
 */
export const log: pino.Logger = (g.__provisioLog ??= pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "provisio" },
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "clientSecret", "*.clientSecret", "authorization", "*.authorization", "headers.authorization", "passwordHash", "*.passwordHash"],
    censor: "[redacted]",
  },
}));
