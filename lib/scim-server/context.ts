import type { Sql } from "../db/sql.ts";
import type { ScimPrincipal } from "./auth.ts";

/** Everything a SCIM handler needs for one request; built once by the router. */
export interface ScimContext {
  sql: Sql;
  baseUrl: string;
  request: Request;
  url: URL;
  principal: ScimPrincipal;
}
