import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { rotateSigningKeys } from "@/lib/oauth/keys";
import { serverSecret } from "@/lib/provisioning/server-secret";

/**
 * Adds a new OIDC signing key per algorithm and retires the others (still published, so tokens they signed stay
 * valid). Servers sign with the new keys from their next start; bearer checks pick them up at once.
 */
export const POST = adminRoute("internal_config_mgt_update", async () => {
  const kids = await rotateSigningKeys(provisio().sql, serverSecret());
  return Response.json({ kid: kids.ES256, kids }, { status: 201 });
});
