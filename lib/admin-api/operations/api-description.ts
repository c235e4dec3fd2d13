import { z } from "zod";
import type { OperationGroup } from "../operation.ts";

const TAG = "API description";

export const apiDescriptionOperations: OperationGroup = {
  tag: { name: TAG, description: "This document, public like any API description: it lists operations and permissions, never data" },
  operations: [
    {
      operationId: "getOpenApiDocument",
      method: "get",
      path: "/openapi.json",
      summary: "This document",
      tag: TAG,
      permission: null,
      responses: {
        200: {
          description: "The OpenAPI document",
          schema: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
        },
      },
    },
  ],
};
