import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { createUserStore, listUserStores } from "@/lib/identity/user-stores";

export const GET = adminRoute("internal_userstore_view", async () => listUserStores(sql()));

export const POST = adminRoute("internal_userstore_update", async (req, { principal }) =>
  Response.json(await createUserStore(sql(), await req.json(), principal.actor), { status: 201 }),
);
