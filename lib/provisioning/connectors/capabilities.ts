import { z } from "zod";
import type { CapabilityState, ConnectionTestResult } from "./types.ts";

/** A stored connection test, as read back from the Connector row; anything else reads as "never tested". */
export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  testedAt: z.string(),
  capabilities: z.array(z.object({ capability: z.string(), label: z.string(), state: z.enum(["supported", "unsupported", "unknown"]), evidence: z.string() })),
});

export function parseConnectionTest(text: string | null | undefined): ConnectionTestResult | undefined {
  if (!text) return undefined;
  try {
    const parsed = connectionTestResultSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the last test found of one capability; "unknown" when it was not tested. */
export function capabilityState(result: ConnectionTestResult | undefined, capability: string): CapabilityState {
  return result?.capabilities.find((c) => c.capability === capability)?.state ?? "unknown";
}
