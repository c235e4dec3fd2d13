import { openApiDocument } from "@/lib/admin-api/openapi";

// Public like any API description: it lists operations and permissions, never data.
export const GET = async () => Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
