import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type Provider from "oidc-provider";
import type { Sql } from "../db/sql.ts";
import { applicationByClientId } from "../identity/applications.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { IdentityError } from "../identity/errors.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";
import { readFederation, federationClientSecret, type FederationView } from "../federation/connection-federation.ts";
import { completeFederatedPrompt, resolveFederatedUser, type PromptRequest } from "../federation/jit.ts";
import { FederationError, finishAuthorization, relyingParty, startAuthorization } from "../federation/oidc-client.ts";
import { callbackUrl } from "../federation/settings.ts";
import { offersConnection } from "../federation/sign-in-options.ts";
import { peekPendingSignIn, savePendingSignIn, SIGN_IN_TTL_MS, takePendingSignIn, type PendingSignIn } from "../federation/sign-ins.ts";
import { ticketCookie, ticketFromCookies } from "../federation/ticket-cookie.ts";
import { safeCallbackUrl } from "../auth/callback-url.ts";
import { log } from "../log.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import { OAUTH_PREFIX } from "./provider.ts";

/**
 * Federated sign-in through a connection's OpenID Connect identity provider, at WSO2's paths:
 * GET /commonauth/start?connection=…&interaction=… (or &returnTo=… for the console) leaves for the identity
 * provider; GET /commonauth is its callback; POST /commonauth/prompt answers the JIT prompts. The user is then
 * handed to the application's authorization request (/oauth2/interaction/{uid}/federated) or to the console
 * (/signin/complete), each with a one-time ticket bound to this browser.
 */
export const COMMONAUTH = "/commonauth";

export interface FederatedSignInDeps {
  provider: Provider;
  sql: Sql;
  baseUrl: string;
}

interface StoredPrompt {
  claims: Record<string, unknown>;
  prompt: PromptRequest;
}

const newTicket = () => randomBytes(24).toString("base64url");

function redirect(res: ServerResponse, location: string, ticket?: { baseUrl: string; value: string }) {
  const headers: Record<string, string> = { location, "cache-control": "no-store" };
  if (ticket) headers["set-cookie"] = ticketCookie(ticket.baseUrl, ticket.value, ticket.value ? SIGN_IN_TTL_MS / 1000 : 0);
  res.writeHead(303, headers).end();
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new FederationError("expired", "The form was too large.");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The failure page: what happened, in words, and a way back; the reason and its detail go to the log. */
function fail(res: ServerResponse, deps: FederatedSignInDeps, err: unknown, context: { connection?: string; interactionUid?: string | null }) {
  const failure = err instanceof FederationError ? err : new FederationError("provisioning_failed", "The sign-in could not be completed.", (err as Error)?.message);
  log.warn({ reason: failure.reason, detail: failure.detail, connection: context.connection }, "federated sign-in failed");
  const query = new URLSearchParams({ reason: failure.reason, message: failure.message });
  if (context.interactionUid) query.set("interaction", context.interactionUid);
  redirect(res, `/signin/failed?${query}`, { baseUrl: deps.baseUrl, value: "" });
}

async function interactionClientId(provider: Provider, uid: string | null): Promise<string | undefined> {
  if (!uid) return undefined;
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) throw new FederationError("expired", "This sign-in request has expired. Start again from the application.");
  return String(interaction.params.client_id);
}

async function usableConnection(sql: Sql, id: string): Promise<FederationView> {
  const connection = await readFederation(sql, id).catch(() => undefined);
  if (!connection?.enabled || !connection.settings.oidc?.enabled) throw new FederationError("not_configured", "This identity provider is not available for sign-in.");
  return connection;
}

async function originOf(sql: Sql, provider: Provider, pending: PendingSignIn): Promise<ChangeOrigin> {
  const clientId = pending.purpose === "oauth" ? await interactionClientId(provider, pending.interactionUid) : undefined;
  const app = clientId ? await applicationByClientId(sql, clientId) : undefined;
  return { serviceProviderId: app?.id ?? RESIDENT_SP_ID, trigger: "jit" };
}

async function start(deps: FederatedSignInDeps, url: URL, res: ServerResponse) {
  const interactionUid = url.searchParams.get("interaction");
  const connectionId = url.searchParams.get("connection") ?? "";
  try {
    const clientId = await interactionClientId(deps.provider, interactionUid);
    const connection = await usableConnection(deps.sql, connectionId);
    if (!(await offersConnection(deps.sql, connectionId, clientId))) throw new FederationError("not_configured", "This application does not offer that identity provider.");
    const oidc = connection.settings.oidc!;
    const rp = await relyingParty(deps.sql, connectionId, oidc, await federationClientSecret(deps.sql, connectionId));
    const authorization = await startAuthorization(rp, oidc, callbackUrl(deps.baseUrl));
    const returnTo = interactionUid ? null : new URL(safeCallbackUrl(url.searchParams.get("returnTo") || "/", deps.baseUrl)).pathname;
    await savePendingSignIn(deps.sql, {
      id: authorization.state,
      connectionId,
      purpose: interactionUid ? "oauth" : "console",
      interactionUid,
      returnTo,
      nonce: authorization.nonce,
      codeVerifier: authorization.codeVerifier,
      stage: "redirected",
      subject: null,
      claims: null,
      userId: null,
    });
    redirect(res, authorization.url.href, { baseUrl: deps.baseUrl, value: authorization.state });
  } catch (err) {
    fail(res, deps, err, { connection: connectionId, interactionUid });
  }
}

/**
 * Blocking outbound provisioners of the application: the remote account exists before the user reaches it. A
 * failure does not undo the sign-in (the user exists here, the change stays queued and is retried); it is logged.
 */
async function settleBlocking(deps: FederatedSignInDeps, origin: ChangeOrigin, userId: string) {
  if (!origin.blocking?.length) return;
  const failed = (await deliverBlocking(deps.sql, origin.blocking)).filter((r) => !r.ok);
  for (const f of failed) log.warn({ userId, connection: f.connectionName, error: f.error }, "blocking outbound provisioning after JIT failed; the change stays queued");
}

/** Hands the signed-in user to what started the sign-in, under a fresh one-time ticket. */
async function handOver(deps: FederatedSignInDeps, res: ServerResponse, pending: PendingSignIn, userId: string) {
  const ticket = newTicket();
  await savePendingSignIn(deps.sql, { ...pending, id: ticket, stage: "signed-in", claims: null, userId });
  const location = pending.purpose === "oauth" ? `${OAUTH_PREFIX}/interaction/${encodeURIComponent(pending.interactionUid ?? "")}/federated?ticket=${ticket}` : `/signin/complete?ticket=${ticket}`;
  redirect(res, location, { baseUrl: deps.baseUrl, value: ticket });
}

async function callback(deps: FederatedSignInDeps, url: URL, req: IncomingMessage, res: ServerResponse) {
  const state = url.searchParams.get("state") ?? "";
  let pending: PendingSignIn | undefined;
  try {
    if (!state || ticketFromCookies(deps.baseUrl, req.headers.cookie) !== state) {
      throw new FederationError("state_mismatch", "This sign-in answer does not belong to a sign-in started in this browser. Start again.");
    }
    pending = await takePendingSignIn(deps.sql, state, "redirected");
    if (!pending) throw new FederationError("expired", "This sign-in answer was already used or has expired. Start again.");
    const connection = await usableConnection(deps.sql, pending.connectionId);
    const rp = await relyingParty(deps.sql, connection.connectionId, connection.settings.oidc!, await federationClientSecret(deps.sql, connection.connectionId));
    const claims = await finishAuthorization(rp, url, { state: pending.id, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
    const origin = await originOf(deps.sql, deps.provider, pending);
    const outcome = await resolveFederatedUser(deps.sql, connection, claims, { origin });
    if (outcome.kind === "signed-in") {
      await settleBlocking(deps, origin, outcome.userId);
      return await handOver(deps, res, pending, outcome.userId);
    }
    const ticket = newTicket();
    const stored: StoredPrompt = { claims, prompt: outcome.prompt };
    await savePendingSignIn(deps.sql, { ...pending, id: ticket, stage: "prompt", subject: null, claims: stored as unknown as Record<string, unknown> });
    redirect(res, `/signin/federated?ticket=${ticket}`, { baseUrl: deps.baseUrl, value: ticket });
  } catch (err) {
    fail(res, deps, err, { connection: pending?.connectionId, interactionUid: pending?.interactionUid });
  }
}

async function answerPrompt(deps: FederatedSignInDeps, req: IncomingMessage, res: ServerResponse) {
  let pending: PendingSignIn | undefined;
  try {
    const form = await formBody(req);
    const ticket = form.get("ticket") ?? "";
    if (!ticket || ticketFromCookies(deps.baseUrl, req.headers.cookie) !== ticket)
      throw new FederationError("state_mismatch", "This form does not belong to a sign-in started in this browser. Start again.");
    pending = await peekPendingSignIn(deps.sql, ticket, "prompt");
    if (!pending?.claims) throw new FederationError("expired", "This sign-in has expired. Start again.");
    const { claims, prompt } = pending.claims as unknown as StoredPrompt;
    const connection = await usableConnection(deps.sql, pending.connectionId);
    let userId: string;
    const origin = await originOf(deps.sql, deps.provider, pending);
    try {
      userId = await completeFederatedPrompt(
        deps.sql,
        connection,
        claims,
        prompt,
        { userName: form.get("userName") ?? undefined, password: form.get("password") ?? undefined, consent: form.get("consent") === "on" || form.get("consent") === "true" },
        { origin },
      );
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      const query = new URLSearchParams({ ticket, error: err.message, ...(err.field ? { field: err.field } : {}) });
      return redirect(res, `/signin/federated?${query}`);
    }
    // the prompt's row is spent: a second submission of the same form finds nothing
    await takePendingSignIn(deps.sql, ticket, "prompt");
    await settleBlocking(deps, origin, userId);
    await handOver(deps, res, pending, userId);
  } catch (err) {
    fail(res, deps, err, { connection: pending?.connectionId, interactionUid: pending?.interactionUid });
  }
}

export async function handleFederatedSignIn(deps: FederatedSignInDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", deps.baseUrl);
  if (url.pathname === COMMONAUTH && req.method === "GET") return callback(deps, url, req, res);
  if (url.pathname === `${COMMONAUTH}/start` && req.method === "GET") return start(deps, url, res);
  if (url.pathname === `${COMMONAUTH}/prompt` && req.method === "POST") return answerPrompt(deps, req, res);
  res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
}

/** What the prompt page shows: the questions of a waiting sign-in, without its claims. */
export async function pendingPrompt(sql: Sql, ticket: string): Promise<(PromptRequest & { connectionName: string }) | undefined> {
  const pending = await peekPendingSignIn(sql, ticket, "prompt");
  if (!pending?.claims) return undefined;
  const connection = await readFederation(sql, pending.connectionId).catch(() => undefined);
  return connection ? { ...(pending.claims as unknown as StoredPrompt).prompt, connectionName: connection.connectionName } : undefined;
}

/**
 * The hand-over's last step: the ticket of a finished federated sign-in, taken once by the browser that holds it.
 * Returns the user to sign in, or undefined.
 */
export async function takeSignedInTicket(sql: Sql, baseUrl: string, ticket: string, cookieHeader: string | undefined, purpose: "oauth" | "console"): Promise<PendingSignIn | undefined> {
  if (!ticket || ticketFromCookies(baseUrl, cookieHeader) !== ticket) return undefined;
  const pending = await takePendingSignIn(sql, ticket, "signed-in");
  return pending?.purpose === purpose && pending.userId ? pending : undefined;
}
