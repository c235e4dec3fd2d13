import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiReply, ApiRequest } from "./exchange.ts";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";

export type ApiHandler = (request: ApiRequest) => Promise<ApiReply>;

const MAX_BODY = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  if (req.method === "GET" || req.method === "HEAD") return "";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
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

function nodeRequest(req: IncomingMessage, baseUrl: string, body: string): ApiRequest {
  return {
    method: req.method ?? "GET",
    url: absoluteUrl(req.url ?? "/", baseUrl),
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: async () => body,
  };
}

const tooLarge = JSON.stringify(toScimErrorBody(new ScimError(413, "The request body is too large")));

/**
 * Runs a framework-free handler for a Node request: the server's fast path, which skips Next's pipeline for
 * machine-facing APIs while the same handlers stay exported from app/ route files.
 */
export async function serveApi(handler: ApiHandler, req: IncomingMessage, res: ServerResponse, baseUrl: string): Promise<void> {
  let body: string;
  try {
    body = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    res.writeHead(413, { "content-type": "application/scim+json" }).end(tooLarge);
    return;
  }
  const reply = await handler(nodeRequest(req, baseUrl, body));
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
