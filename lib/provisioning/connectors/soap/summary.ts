import { displayUrl, summariseBody } from "../scim2/redact.ts";

/**
 * The provisioning log shows a call as its operation and arguments in JSON, not the envelope: 500 characters
 * of XML would be mostly namespace declarations. Secret-looking keys (credential, newCredential) and the known
 * secret values are masked as in the SCIM connectors' summaries.
 */
export function callSummary(url: string, operation: string, args: unknown, secrets: readonly (string | undefined)[]): string {
  return `POST ${displayUrl(url)} ${operation}\n${summariseBody(JSON.stringify(args ?? {}), secrets)}`;
}

export function answerSummary(status: number, content: string, secrets: readonly (string | undefined)[]): string {
  return content ? `HTTP ${status}\n${summariseBody(content, secrets)}` : `HTTP ${status}`;
}
