// Every /scim2 endpoint; the production server answers these directly with the same handler.
import { handleScim } from "@/lib/scim-server/router";
import { toWebResponse } from "@/lib/server/exchange";

export const dynamic = "force-dynamic";

const handler = async (request: Request) => toWebResponse(await handleScim(request));
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
