import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiReply, ApiRequest } from "./exchange.ts";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";
import { decodeUtf8Strict } from "./strict-utf8.ts";

export type ApiHandler = (request: ApiRequest) => Promise<ApiReply>;

const MAX_BODY = 10 * 1024 * 1024;
// after a 413, what the client still sends is read and dropped for this long (and this much) before the
// connection closes: closing on unread bytes makes TCP reset the connection, and a reset can destroy the 413
// in the client's buffers before it is read (the "lingering close" of HTTP servers)
const LINGER_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

interface Body {
  bytes: Buffer;
  /** set when the body passed MAX_BODY: resolves once the rest has been read and dropped, or lingering ends */
  overflow?: Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Body> {
  if (req.method === "GET" || req.method === "HEAD") return Promise.resolve({ bytes: EMPTY });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflowing = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (overflowing) {
        if (size > MAX_BODY + LINGER_BYTES) req.socket.destroy();
        return;
      }
      if (size <= MAX_BODY) {
        chunks.push(chunk);
        return;
      }
      overflowing = true;
      chunks.length = 0;
      const drained = new Promise<void>((done) => {
        const timer = setTimeout(done, LINGER_MS);
        const finish = () => {
          clearTimeout(timer);
          done();
        };
        req.once("end", finish).once("close", finish);
      });
      resolve({ bytes: EMPTY, overflow: drained });
    });
    req.once("end", () => {
      if (!overflowing) resolve({ bytes: Buffer.concat(chunks) });
    });
    req.once("error", reject);
  });
}

const origins = new Map<string, string>();
function originOf(baseUrl: string): string {
  let origin = origins.get(baseUrl);
  if (!origin) origins.set(baseUrl, (origin = new URL(baseUrl).origin));
  return origin;
}

function absoluteUrl(target: string, baseUrl: string): string {
  // origin-form is what clients send; absolute-form (proxies) is resolved the slow way
  return target.startsWith("/") ? originOf(baseUrl) + target : new URL(target, baseUrl).href;
}

function nodeRequest(req: IncomingMessage, baseUrl: string, body: Buffer): ApiRequest {
  return {
    method: req.method ?? "GET",
    url: absoluteUrl(req.url ?? "/", baseUrl),
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    // decoded on demand, strictly: invalid UTF-8 is the handler's 400, never silently replaced
    text: async () => (body.length ? decodeUtf8Strict(body) : ""),
  };
}

const tooLarge = JSON.stringify(toScimErrorBody(new ScimError(413, "The request body is too large")));

/**
 * Runs a framework-free handler for a Node request: the server's fast path, which skips Next's pipeline for
 * machine-facing APIs while the same handlers stay exported from app/ route files.
 */
export async function serveApi(handler: ApiHandler, req: IncomingMessage, res: ServerResponse, baseUrl: string): Promise<void> {
  const body = await readBody(req);
  if (body.overflow) {
    // the answer goes out at once; the connection cannot carry another request (the rest of this body is
    // dropped, not parsed), so it closes once the client has stopped sending or lingering ends
    res.writeHead(413, { "content-type": "application/scim+json", "content-length": String(Buffer.byteLength(tooLarge)), connection: "close" });
    res.write(tooLarge);
    await body.overflow;
    res.end();
    return;
  }
  const reply = await handler(nodeRequest(req, baseUrl, body.bytes));
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
