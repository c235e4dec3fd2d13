// `npm run dev`: the same server as `npm start` (server.ts and its composition root: migrations, seed, SCIM,
// OAuth, the outbound worker), with Next in development mode: pages compiled on demand, the console hot-reloaded.
import { register } from "tsx/esm/api";

process.env.NODE_ENV = "development";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.argv.push("--dev");
register();
await import("../server.ts");
