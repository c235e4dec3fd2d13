import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { addProvisioner, listProvisioners } from "@/lib/provisioning/provisioners";
import { serviceProviderId } from "../provider";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => listProvisioners(sql(), await serviceProviderId(params)));

export const POST = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) =>
  Response.json(await addProvisioner(sql(), await serviceProviderId(params), await req.json(), actor), { status: 201 }),
);
