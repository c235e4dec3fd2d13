// `npm start`: build when needed, then run the production server (server.ts) in this process.
import { buildIfNeeded } from "./build-if-needed.mjs";
import { register } from "tsx/esm/api";

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
buildIfNeeded();
register();
await import("../server.ts");
