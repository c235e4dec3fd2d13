import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { createUserStore, listUserStores } from "@/lib/identity/user-stores";

export const GET = consoleRoute("console_login", async () => ({ items: await listUserStores(provisio().sql) }));

export const POST = consoleRoute("internal_userstore_update", async (req, { actor }) => Response.json(await createUserStore(provisio().sql, await req.json(), actor), { status: 201 }));
