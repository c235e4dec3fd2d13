import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { createUserStore, listUserStores } from "@/lib/identity/user-stores";

export const GET = consoleRoute("console_login", async () => ({ items: await listUserStores(sql()) }));

export const POST = consoleRoute("internal_userstore_update", async (req, { actor }) => Response.json(await createUserStore(sql(), await req.json(), actor), { status: 201 }));
