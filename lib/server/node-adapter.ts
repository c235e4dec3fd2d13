import type { IncomingMessage, ServerResponse } from "node:http";

export type WebHandler = (request: Request) => Promise<Response>;

const MAX_BODY = 10 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Runs a framework-free handler for a Node request: the server's fast path, which skips Next's pipeline
 * for machine-facing APIs while the same handlers stay exported from app/ route files.
 */
export async function serveWeb(handler: WebHandler, req: IncomingMessage, res: ServerResponse, baseUrl: string): Promise<void> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  let body: Buffer | undefined;
  try {
    body = await readBody(req);
  } catch {
    res.writeHead(413, { "content-type": "application/scim+json" }).end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413", detail: "The request body is too large" }));
    return;
  }
  let request: Request;
  try {
    request = new Request(new URL(req.url ?? "/", baseUrl), { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
  } catch {
    // methods the Fetch API forbids (TRACE, CONNECT) or a URL it cannot parse: answer as the APIs answer errors
    res.writeHead(405, { "content-type": "application/scim+json" }).end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405", detail: `${req.method} is not supported` }));
    return;
  }
  const response = await handler(request);
  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    outHeaders[key] = value;
  });
  const payload = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, outHeaders);
  res.end(payload);
}
