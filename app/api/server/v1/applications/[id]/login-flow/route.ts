import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication, setLoginFlow } from "@/lib/identity/applications";
import { loginFlowInput } from "@/lib/admin-api/schemas/applications";
import { applicationId } from "../../application-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => ({ loginFlow: (await getApplication(provisio().sql, applicationId(params))).loginFlow }));

/** `{ loginFlow: { local, connections } }`, or `{ loginFlow: null }` for the default: local and every enabled connection. */
export const PUT = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => {
  const { loginFlow } = loginFlowInput.parse(await req.json());
  return { loginFlow: (await setLoginFlow(provisio().sql, applicationId(params), loginFlow, actor)).loginFlow };
});
