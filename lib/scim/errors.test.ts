import { describe, expect, it } from "vitest";
import { ScimError, toScimErrorBody, type ScimType } from "./errors";

describe("ScimError constructors", () => {
  const cases: Array<[string, ScimError, number, ScimType | undefined]> = [
    ["invalidFilter", ScimError.invalidFilter("d"), 400, "invalidFilter"],
    ["tooMany", ScimError.tooMany("d"), 400, "tooMany"],
    ["uniqueness", ScimError.uniqueness("d"), 409, "uniqueness"],
    ["mutability", ScimError.mutability("d"), 400, "mutability"],
    ["invalidSyntax", ScimError.invalidSyntax("d"), 400, "invalidSyntax"],
    ["invalidPath", ScimError.invalidPath("d"), 400, "invalidPath"],
    ["noTarget", ScimError.noTarget("d"), 400, "noTarget"],
    ["invalidValue", ScimError.invalidValue("d"), 400, "invalidValue"],
    ["invalidVers", ScimError.invalidVers("d"), 400, "invalidVers"],
    ["sensitive", ScimError.sensitive("d"), 400, "sensitive"],
    ["notFound", ScimError.notFound("d"), 404, undefined],
    ["preconditionFailed", ScimError.preconditionFailed("d"), 412, undefined],
  ];

  it.each(cases)("%s", (_name, err, status, scimType) => {
    expect(err).toBeInstanceOf(Error);
    expect(err.status).toBe(status);
    expect(err.scimType).toBe(scimType);
    expect(err.detail).toBe("d");
    expect(err.message).toBe("d");
  });
});

describe("toScimErrorBody", () => {
  it("serialises status as a string and includes scimType", () => {
    expect(toScimErrorBody(ScimError.invalidFilter("bad filter"))).toStrictEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType: "invalidFilter",
      detail: "bad filter",
    });
  });

  it("omits scimType when there is none", () => {
    expect(toScimErrorBody(ScimError.notFound("User 1 not found"))).toStrictEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
      detail: "User 1 not found",
    });
  });
});
