// `npm start`: build when needed, then run the production server (server.ts) in this process.
import { pathToFileURL } from "node:url";
import path from "node:path";
import { buildIfNeeded, serverBundle } from "./build-if-needed.mjs";

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
buildIfNeeded();
await import(pathToFileURL(path.resolve(serverBundle)).href);
