import { z } from "zod";
import { importPreviewRequest, importRequest } from "../user-import.ts";
import { described, describeFields, named } from "./documentation.ts";

describeFields(importPreviewRequest.shape, {
  columns: "The header row: userName, password, givenName, familyName, displayName, email, phone, active, department, domain, or a custom attribute's name (in any case)",
  rows: "The data rows, each a list of cells in the header's order; a multi-valued custom attribute's values separated by ;",
  domain: "The user store of rows without a domain column",
});
describeFields(importRequest.shape, { firstRow: "The number of the slice's first row in the file, so results number rows as the preview did" });

export const userImportPreviewRequest = named("UserImportPreviewRequest", importPreviewRequest);
export const userImportRequest = named("UserImportRequest", importRequest);

export const userImportPreview = named(
  "UserImportPreview",
  z.strictObject({
    rows: z.array(
      z.strictObject({
        row: described(z.int(), "1-based, the header row not counted"),
        userName: z.string(),
        status: described(z.enum(["valid", "invalid", "duplicate", "exists"]), "duplicate: named in an earlier row of the file; exists: taken in its user store"),
        errors: z.array(z.string()),
      }),
    ),
  }),
);

export const userImportResult = named(
  "UserImportResult",
  z.strictObject({
    rows: z.array(
      z.strictObject({
        row: z.int(),
        userName: z.string(),
        status: z.enum(["created", "failed"]),
        id: described(z.string(), "The created user's id").optional(),
        reason: described(z.string(), "Why the row failed, or the failures of blocking outbound provisioners for a created user").optional(),
      }),
    ),
  }),
);
