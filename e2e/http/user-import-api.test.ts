import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ScimClient, SCHEMAS, type Json } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

const PREVIEW = "/api/server/v1/users/import/preview";
const IMPORT = "/api/server/v1/users/import";

describe.each(DIALECTS)("importing users from a CSV file through the admin API on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  const tag = Math.random().toString(36).slice(2, 7);

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ScimClient(server.baseUrl);
    expect((await admin.api("POST", "/api/server/v1/schemas/custom-user/attributes", { name: "floor", type: "integer" })).status).toBe(201);
    expect((await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: `taken-${tag}` })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  const columns = ["userName", "password", "email", "department", "floor"];
  const rows = () => [
    [`ann-${tag}`, "secret123", `ann-${tag}@example.com`, "Sales", "3"],
    [`bad-${tag}`, "abc", "not-an-email", "", "high"],
    [`ANN-${tag}`, "", "", "", ""],
    [`taken-${tag}`, "", "", "", ""],
    [`ben-${tag}`, "", "", "", ""],
  ];

  it("previews every row without creating anything", async () => {
    const res = await admin.api("POST", PREVIEW, { columns, rows: rows() });
    expect(res.status, res.text).toBe(200);
    expect(res.body.rows).toEqual([
      { row: 1, userName: `ann-${tag}`, status: "valid", errors: [] },
      { row: 2, userName: `bad-${tag}`, status: "invalid", errors: [`Attribute "floor" expects integer`, "email: Enter a valid email address", "password: Password must have at least 6 characters"] },
      { row: 3, userName: `ANN-${tag}`, status: "duplicate", errors: [`The file names "ANN-${tag}" in row 1 already`] },
      { row: 4, userName: `taken-${tag}`, status: "exists", errors: [`User "taken-${tag}" already exists`] },
      { row: 5, userName: `ben-${tag}`, status: "valid", errors: [] },
    ]);
    const found = await admin.scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "ann-${tag}"`)}`);
    expect(found.body.totalResults).toBe(0);
  });

  it("creates the good rows through the usual path and says why each other row failed", async () => {
    const res = await admin.api("POST", IMPORT, { columns, rows: rows(), firstRow: 1 });
    expect(res.status, res.text).toBe(200);
    expect(res.body.rows.map((r: Json) => [r.row, r.status, r.reason ?? ""])).toEqual([
      [1, "created", ""],
      [2, "failed", `Attribute "floor" expects integer; email: Enter a valid email address; password: Password must have at least 6 characters`],
      [3, "failed", `User name "ANN-${tag}" is already taken`],
      [4, "failed", `User name "taken-${tag}" is already taken`],
      [5, "created", ""],
    ]);
    const ann = await admin.scim("GET", `/Users/${res.body.rows[0].id}`);
    expect(ann.body).toMatchObject({ userName: `ann-${tag}`, emails: [{ value: `ann-${tag}@example.com` }], [SCHEMAS.enterprise]: { department: "Sales" }, [SCHEMAS.custom]: { floor: 3 } });
    // audited as any create: the same use case as the admin API and SCIM
    const audit = await admin.api("GET", `/api/server/v1/audit-events?action=user.create&targetType=User&targetId=${res.body.rows[4].id}`);
    expect(audit.body.items).toMatchObject([{ actor: "admin", channel: "api", summary: `ben-${tag}` }]);
  });

  it.each([
    ["an unknown column", { columns: ["userName", "shoe"], rows: [["x", "1"]] }, "columns", `Unknown column "shoe"`],
    ["no rows", { columns: ["userName"], rows: [] }, "rows", "The file has no rows under its header"],
    ["too many rows", { columns: ["userName"], rows: Array.from({ length: 10_001 }, (_, i) => [`u${i}`]) }, "rows", "At most 10,000 rows at a time: split the file"],
    ["rows that are not lists of cells", { columns: ["userName"], rows: "alice" }, "rows", ""],
  ])("refuses a preview with %s with 400 naming the field", async (_, body, field, message) => {
    const res = await admin.api("POST", PREVIEW, body);
    expect(res.status, res.text).toBe(400);
    expect(Object.keys(res.body.fieldErrors)).toEqual([field]);
    expect(res.body.fieldErrors[field]).toContain(message);
  });

  it("refuses an import slice over 200 rows", async () => {
    const res = await admin.api("POST", IMPORT, { columns: ["userName"], rows: Array.from({ length: 201 }, (_, i) => [`u${i}`]) });
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors.rows).toBe("At most 200 rows per request");
  });
});
