import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { mappableAttributes } from "@/lib/federation/claim-mapping";
import { listCustomAttributes } from "@/lib/identity/custom-attributes";

/** The local attributes a claim can be mapped to, custom extension attributes included. */
export const GET = adminRoute("internal_idp_view", async () => mappableAttributes((await listCustomAttributes(provisio().sql)).map((a) => a.name)).map((uri) => ({ uri })));
