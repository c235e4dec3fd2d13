import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { rotateSigningKey } from "@/lib/oauth/keys";
import { serverSecret } from "@/lib/provisioning/server-secret";

/**
 * Adds a new OIDC signing key and retires the others (still published, so tokens they signed stay valid).
 * Servers sign with the new key from their next start; bearer checks pick it up at once.
 */
export const POST = adminRoute("internal_config_mgt_update", async () => Response.json({ kid: await rotateSigningKey(provisio().sql, serverSecret()) }, { status: 201 }));
