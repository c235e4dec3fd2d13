import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiReply, ApiRequest } from "./exchange.ts";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";
import { decodeUtf8Strict } from "./strict-utf8.ts";

export type ApiHandler = (request: ApiRequest) => Promise<ApiReply>;

const MAX_BODY = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

const EMPTY = Buffer.alloc(0);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  if (req.method === "GET" || req.method === "HEAD") return EMPTY;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    // the rest of the body is never read: the connection cannot carry another request, so it ends with
    // this answer instead of leaving the client's next request waiting behind unread bytes
    res.writeHead(413, { "content-type": "application/scim+json", connection: "close" }).end(tooLarge);
    return;
  }
  const reply = await handler(nodeRequest(req, baseUrl, body));
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
