// Every /scim2 endpoint; the production server answers these directly with the same handler.
import { handleScim } from "@/lib/scim-server/router";

export const dynamic = "force-dynamic";

const handler = (request: Request) => handleScim(request);
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
