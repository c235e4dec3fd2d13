import type { ApiRequest } from "../server/exchange.ts";
import type { Sql } from "../db/sql.ts";
import type { ScimPrincipal } from "./auth.ts";

/** Everything a SCIM handler needs for one request; built once by the router. */
export interface ScimContext {
  sql: Sql;
  baseUrl: string;
  request: ApiRequest;
  url: URL;
  principal: ScimPrincipal;
}
