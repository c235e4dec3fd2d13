// Every /scim2 endpoint; the production server answers these directly with the same handler.
import { handleScim } from "@/lib/scim-server/router";
import { toWebResponse } from "@/lib/server/exchange";
import { strictRequest } from "@/lib/server/strict-utf8";
import { provisio } from "@/lib/server/current";

export const dynamic = "force-dynamic";

const handler = async (request: Request) => toWebResponse(await handleScim(strictRequest(request), { sql: provisio().sql, baseUrl: provisio().config.baseUrl }));
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
