import { describe, expect, it } from "vitest";
import { listParams } from "./list-params.ts";
import { ScimError } from "../scim/errors.ts";

function refusal(body: Record<string, unknown>): { status: number; scimType?: string; names: boolean } {
  try {
    listParams(body);
  } catch (err) {
    // the message names the member at fault
    if (err instanceof ScimError) return { status: err.status, scimType: err.scimType, names: err.message.includes(`"${Object.keys(body)[0]}"`) };
    throw err;
  }
  throw new Error("accepted");
}

describe("listParams from a SearchRequest body", () => {
  it("reads the RFC members in any case", () => {
    const p = listParams({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      Filter: 'userName eq "kim"',
      STARTINDEX: 3,
      count: "5",
      sortOrder: "Descending",
      attributes: ["userName"],
    });
    expect(p).toMatchObject({ startIndex: 3, count: 5, sortOrder: "descending", attributes: ["userName"] });
    expect(p.filter).toBeDefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["count as an object with toString", { count: { toString: 1 } }, "invalidValue"],
    ["startIndex as an object", { startIndex: { valueOf: 2 } }, "invalidValue"],
    ["startIndex as an array", { startIndex: [1] }, "invalidValue"],
    ["sortBy as an object", { sortBy: { toString: "x" } }, "invalidValue"],
    ["sortOrder as a number", { sortOrder: 1 }, "invalidValue"],
    ["sortOrder as an object", { sortOrder: { toString: 1 } }, "invalidValue"],
    ["cursor as an object", { cursor: { toString: 1 } }, "invalidValue"],
    ["attributes as an object", { attributes: { toString: 1 } }, "invalidValue"],
    ["attributes holding an object", { attributes: [{ toString: 1 }] }, "invalidValue"],
    ["excludedAttributes as a number", { excludedAttributes: 5 }, "invalidValue"],
    ["filter as an object", { filter: { toString: 1 } }, "invalidFilter"],
    ["count as a fraction", { count: 1.5 }, "invalidValue"],
    ["count as a word", { count: "many" }, "invalidValue"],
  ])("refuses %s with 400 %s", (_name, body, scimType) => {
    expect(refusal(body)).toEqual({ status: 400, scimType, names: true });
  });
});
