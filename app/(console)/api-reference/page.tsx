import { ApiReference } from "@/components/api-reference/api-reference";
import type { OpenApiDocument } from "@/components/api-reference/openapi-types";
import { openApiDocument } from "@/lib/admin-api/openapi";

export const metadata = { title: "Admin API reference" };

export default function ApiReferencePage() {
  return <ApiReference api={openApiDocument() as unknown as OpenApiDocument} />;
}
