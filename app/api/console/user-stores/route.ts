import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { listUserStores } from "@/lib/identity/user-stores";

export const GET = consoleRoute("console_login", async () => ({ items: await listUserStores(sql()) }));
