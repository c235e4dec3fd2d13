import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { createUserStore, listUserStores } from "@/lib/identity/user-stores";

export const GET = adminRoute("internal_userstore_view", async () => listUserStores(provisio().sql));

export const POST = adminRoute("internal_userstore_update", async (req, { actor }) => Response.json(await createUserStore(provisio().sql, await req.json(), actor), { status: 201 }));
