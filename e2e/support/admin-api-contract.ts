// Holds every admin API answer a test receives to the operations the OpenAPI document is generated from: a status
// the operation does not document, or a body its zod schema refuses, fails the test with what differs.
import { z } from "zod";
import { responsesOf, type AdminOperation } from "../../lib/admin-api/operation";
import { ADMIN_API_BASE_PATH, ADMIN_API_OPERATIONS } from "../../lib/admin-api/operations";

export class AdminApiContractError extends Error {
  override name = "AdminApiContractError";
}

/** The path of a URL or of a path with a query, without the query. */
const pathOf = (pathOrUrl: string) => new URL(pathOrUrl, "http://localhost").pathname;

export const isAdminApiPath = (pathOrUrl: string) => {
  const path = pathOf(pathOrUrl);
  return path === ADMIN_API_BASE_PATH || path.startsWith(`${ADMIN_API_BASE_PATH}/`);
};

/** How many segments of the path the template names literally, or undefined when it does not match. */
function literalSegments(template: string, path: string): number | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  let literal = 0;
  for (const [i, segment] of want.entries()) {
    if (/^\{\w+\}$/.test(segment)) {
      if (!got[i]) return undefined;
    } else if (segment === got[i]) literal++;
    else return undefined;
  }
  return literal;
}

/** The operation a request reached; a literal segment beats a parameter (/identity-providers/meta/... over /{id}/...). */
function operationFor(method: string, path: string): AdminOperation | undefined {
  const relative = path.slice(ADMIN_API_BASE_PATH.length);
  let best: { op: AdminOperation; literal: number } | undefined;
  for (const op of ADMIN_API_OPERATIONS) {
    if (op.method !== method.toLowerCase()) continue;
    const literal = literalSegments(op.path, relative);
    if (literal !== undefined && (!best || literal > best.literal)) best = { op, literal };
  }
  return best?.op;
}

const excerpt = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}...` : text);

/** Throws an AdminApiContractError when the answer is not one the operation documents. */
export function checkAdminApiResponse(method: string, pathOrUrl: string, response: { status: number; headers: Headers; text: string }): void {
  const path = pathOf(pathOrUrl);
  const call = `${method.toUpperCase()} ${path} answered ${response.status}`;
  const fail = (why: string): never => {
    throw new AdminApiContractError(`${call}, which the admin API's OpenAPI document does not allow: ${why}\nBody: ${excerpt(response.text) || "(empty)"}`);
  };
  const op = operationFor(method, path);
  if (!op) return fail(`no ${method.toUpperCase()} operation is described at this path`);
  const documented = responsesOf(op);
  const expected = documented.get(response.status);
  if (!expected) return fail(`${op.operationId} answers ${[...documented.keys()].sort().join(", ")}`);
  for (const header of Object.keys(expected.headers ?? {})) {
    if (!response.headers.has(header)) fail(`${op.operationId} ${response.status} comes with a ${header} header`);
  }
  if (!expected.schema) {
    if (response.text !== "") fail(`${op.operationId} ${response.status} has no body`);
    return;
  }
  if (!response.headers.get("content-type")?.includes("application/json")) fail(`the body is JSON, not ${response.headers.get("content-type")}`);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    fail("the body is not JSON");
  }
  const result = expected.schema.safeParse(body);
  if (!result.success) fail(`the body is not ${op.operationId}'s ${response.status} response:\n${z.prettifyError(result.error)}`);
}

/** fetch for admin API calls made without a client: the answer is checked before the test sees it. */
export async function fetchAdminApi(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  checkAdminApiResponse(init.method ?? "GET", url, { status: res.status, headers: res.headers, text: await res.clone().text() });
  return res;
}
