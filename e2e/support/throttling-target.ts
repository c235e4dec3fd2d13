// A local SCIM 2.0 target that takes at most `perSecond` requests in any second and answers the rest with 429 and
// Retry-After, as rate-limited SaaS APIs do; it records when each request came and what it answered.
import type { ServerResponse } from "node:http";
import { startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server";

export interface ThrottlingTarget {
  fake: FakeScimServer;
  /** when each request arrived (ms), its method, and the status it got (429, or 0 for "handled normally") */
  log: { at: number; method: string; status: number }[];
  refused: () => number;
}

export async function startThrottlingTarget(perSecond: number, retryAfterSeconds: number, credentials = { username: "admin", password: "admin" }): Promise<ThrottlingTarget> {
  const fake = await startFakeScimServer({ version: "2.0", basic: credentials });
  const log: ThrottlingTarget["log"] = [];
  const accepted: number[] = [];
  fake.intercept((req, res: ServerResponse) => {
    const now = Date.now();
    while (accepted.length && accepted[0]! <= now - 1000) accepted.shift();
    if (accepted.length >= perSecond) {
      log.push({ at: now, method: req.method, status: 429 });
      res.writeHead(429, { "content-type": "application/scim+json", "retry-after": String(retryAfterSeconds) });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429", detail: "Too many requests" }));
      return true;
    }
    accepted.push(now);
    log.push({ at: now, method: req.method, status: 0 });
    return false;
  }, false);
  return { fake, log, refused: () => log.filter((l) => l.status === 429).length };
}
