import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { Sql } from "../db/sql.ts";
import { signInWithPassword } from "../auth/local-sign-in.ts";
import { log } from "../log.ts";
import { clientAddressFrom } from "../server/client-address.ts";
import { OAUTH_PREFIX } from "./provider.ts";
import { takeSignedInTicket } from "./federated-sign-in.ts";

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location }).end();
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

/**
 * The end-user steps of the authorization code flow, on the console's own pages: /signin?interaction=… posts the
 * credentials here (same account-lock rules as the console), /consent?interaction=… reads the request's details
 * here and posts the decision.
 */
export async function handleInteraction(provider: Provider, sql: Sql, baseUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  const match = path.match(new RegExp(`^${OAUTH_PREFIX}/interaction/([^/]+)(?:/(login|confirm|abort|federated))?$`));
  if (!match) return json(res, 404, { error: "not_found" });
  const [, uid, action] = match;
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return json(res, 400, { error: "interaction_mismatch" });

    if (!action && req.method === "GET") {
      const client = await provider.Client.find(String(details.params.client_id));
      const prompt = details.prompt as { name: string; details: Record<string, unknown> };
      const missing = [
        ...((prompt.details.missingOIDCScope as string[] | undefined) ?? []),
        ...Object.values((prompt.details.missingResourceScopes as Record<string, string[]> | undefined) ?? {}).flat(),
      ];
      return json(res, 200, { uid, prompt: prompt.name, client: { id: client?.clientId, name: client?.clientName ?? client?.clientId }, scopes: [...new Set(missing)] });
    }
    if (action === "federated" && req.method === "GET") {
      // the federated sign-in's hand-over (federated-sign-in.ts): its one-time ticket names the signed-in user
      const ticket = new URL(req.url ?? "/", baseUrl).searchParams.get("ticket") ?? "";
      const pending = await takeSignedInTicket(sql, baseUrl, ticket, req.headers.cookie, "oauth");
      if (!pending || pending.interactionUid !== uid) return redirect(res, `/signin?interaction=${encodeURIComponent(uid)}&error=federation`);
      return await provider.interactionFinished(req, res, { login: { accountId: pending.userId!, amr: ["fed"] } }, { mergeWithLastSubmission: false });
    }
    if (req.method !== "POST") return json(res, 405, { error: "method_not_allowed" });

    if (action === "login") {
      const form = await formBody(req);
      const result = await signInWithPassword(sql, form.get("username") ?? "", form.get("password") ?? "", "oauth", clientAddressFrom(req.headers));
      if (!result.ok) return redirect(res, `/signin?interaction=${encodeURIComponent(uid)}&error=${result.reason}`);
      return await provider.interactionFinished(req, res, { login: { accountId: result.user.id } }, { mergeWithLastSubmission: false });
    }
    if (action === "abort") {
      return await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user declined the request" }, { mergeWithLastSubmission: false });
    }
    if (action === "confirm") {
      const { prompt, params, session } = details as unknown as {
        prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
        params: Record<string, string>;
        session?: { accountId: string };
      };
      if (prompt.name !== "consent" || !session) return json(res, 400, { error: "no_consent_pending" });
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      if (!grant) return json(res, 400, { error: "grant_not_found" });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
      const grantId = await grant.save();
      return await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return json(res, 404, { error: "not_found" });
  } catch (err) {
    log.warn({ err: { message: (err as Error).message } }, "OAuth interaction failed");
    if (!res.headersSent) json(res, 400, { error: "invalid_interaction", error_description: "This sign-in request has expired or is not valid. Start again from the application." });
  }
}
