import type { TestProject } from "vitest/node";
import { startPostgres } from "../support/postgres";
// @ts-expect-error plain ESM script without types
import { buildIfNeeded } from "../../scripts/build-if-needed.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    postgresPort: number;
  }
}

export default async function setup(project: TestProject) {
  buildIfNeeded();
  const cluster = await startPostgres();
  project.provide("postgresPort", cluster.port);
  return () => cluster.stop();
}
