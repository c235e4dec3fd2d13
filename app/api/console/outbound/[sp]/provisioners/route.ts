import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { addProvisioner, listProvisioners } from "@/lib/provisioning/provisioners";
import { serviceProviderId } from "../provider";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => listProvisioners(provisio().sql, await serviceProviderId(params)));

export const POST = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) =>
  Response.json(await addProvisioner(provisio().sql, await serviceProviderId(params), await req.json(), actor), { status: 201 }),
);
