import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "../errors.ts";
import { PATCH_OP_SCHEMA } from "../schema/core.ts";
import { MAX_PATCH_OPERATIONS, parsePatchRequest } from "./request.ts";

const body = (Operations: unknown) => ({ schemas: [PATCH_OP_SCHEMA], Operations });

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

describe("parsePatchRequest: valid requests", () => {
  it("parses ops case-insensitively and every path up front", () => {
    const ops = parsePatchRequest(
      body([
        { op: "Replace", path: "name.givenName", value: "Barbara" },
        { op: "ADD", value: { nickName: "Babs" } },
        { op: "remove", path: `members[value eq "abc"]` },
        { op: "Remove", path: "members", value: [{ value: "x" }] },
      ]),
    );
    expect(ops).toEqual([
      { op: "replace", path: { attribute: { attribute: "name", subAttribute: "givenName" } }, pathText: "name.givenName", value: "Barbara" },
      { op: "add", value: { nickName: "Babs" } },
      {
        op: "remove",
        path: { attribute: { attribute: "members" }, filter: { op: "eq", path: { attribute: "value" }, value: "abc" } },
        pathText: `members[value eq "abc"]`,
      },
      { op: "remove", path: { attribute: { attribute: "members" } }, pathText: "members", value: [{ value: "x" }] },
    ]);
  });

  it("accepts 'operations' and a differently cased schema URN", () => {
    const ops = parsePatchRequest({ schemas: [PATCH_OP_SCHEMA.toUpperCase()], operations: [{ op: "add", path: "title", value: "x" }] });
    expect(ops).toHaveLength(1);
  });

  it("treats a null path as absent", () => {
    expect(parsePatchRequest(body([{ op: "replace", path: null, value: { title: "x" } }]))).toEqual([{ op: "replace", value: { title: "x" } }]);
  });

  it("keeps an explicit null value (unassign)", () => {
    expect(parsePatchRequest(body([{ op: "replace", path: "title", value: null }]))[0]).toHaveProperty("value", null);
  });

  it(`allows ${MAX_PATCH_OPERATIONS} operations`, () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS }, () => ({ op: "add", path: "title", value: "x" }));
    expect(parsePatchRequest(body(ops))).toHaveLength(MAX_PATCH_OPERATIONS);
  });
});

describe("parsePatchRequest: errors", () => {
  const rows: Array<[string, unknown, ScimType, RegExp]> = [
    ["body not an object", [], "invalidSyntax", /JSON object/],
    ["body null", null, "invalidSyntax", /JSON object/],
    ["schemas missing", { Operations: [{ op: "add", path: "title", value: "x" }] }, "invalidSyntax", /schemas/],
    ["wrong schema", { schemas: ["urn:x"], Operations: [] }, "invalidSyntax", /PatchOp/],
    ["Operations missing", { schemas: [PATCH_OP_SCHEMA] }, "invalidSyntax", /Operations/],
    ["Operations not an array", body({ op: "add" }), "invalidSyntax", /array/],
    ["Operations empty", body([]), "invalidSyntax", /at least one/],
    ["too many operations", body(Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: "add", path: "title", value: "x" }))), "invalidSyntax", /maximum is 1000/],
    ["operation not an object", body(["add"]), "invalidSyntax", /^Operations\[0\]: /],
    [
      "unknown op",
      body([
        { op: "add", path: "a", value: 1 },
        { op: "copy", path: "a" },
      ]),
      "invalidSyntax",
      /^Operations\[1\]: "op"/,
    ],
    ["op missing", body([{ path: "a", value: 1 }]), "invalidSyntax", /^Operations\[0\]: "op"/],
    ["path not a string", body([{ op: "add", path: 5, value: 1 }]), "invalidPath", /^Operations\[0\]: "path" must be a string/],
    [
      "malformed path",
      body([
        { op: "add", path: "title", value: 1 },
        { op: "add", path: "title", value: 1 },
        { op: "remove", path: "emails[type eq]" },
      ]),
      "invalidPath",
      /^Operations\[2\]: /,
    ],
    ["empty path", body([{ op: "remove", path: "" }]), "invalidPath", /^Operations\[0\]: path is empty/],
    ["remove without path", body([{ op: "remove" }]), "noTarget", /^Operations\[0\]: "remove" requires a "path"/],
    ["add without value", body([{ op: "add", path: "title" }]), "invalidValue", /^Operations\[0\]: "add" requires a "value"/],
    ["path-less add with a string", body([{ op: "add", value: "x" }]), "invalidValue", /object "value"/],
    ["path-less replace with an array", body([{ op: "replace", value: [{}] }]), "invalidValue", /object "value"/],
  ];

  it.each(rows)("%s", (_name, input, scimType, detail) => {
    const err = errorOf(() => parsePatchRequest(input));
    expect(err.scimType).toBe(scimType);
    expect(err.status).toBe(400);
    expect(err.detail).toMatch(detail);
  });
});
