import { describe, expect, it } from "vitest";
import { linesToMapping, mappingToLines } from "./mapping-lines.ts";

describe("attribute mapping lines", () => {
  it.each<[string, string, ReturnType<typeof linesToMapping>]>([
    ["one pair", "uid = userName", { pairs: [{ attribute: "uid", source: "userName" }] }],
    [
      "no spaces, blank and padded lines",
      "\n  cn=commonName  \r\n\nsn = familyName\n",
      {
        pairs: [
          { attribute: "cn", source: "commonName" },
          { attribute: "sn", source: "familyName" },
        ],
      },
    ],
    ["nothing", "  \n", { pairs: [] }],
    ["a line without =", "uid = userName\nmail", { error: 'Line 2: write "attribute = source", as in "cn = commonName"' }],
    ["a name with a space", "given name = givenName", { error: 'Line 1: write "attribute = source", as in "cn = commonName"' }],
    ["two equals signs", "a = b = c", { error: 'Line 1: write "attribute = source", as in "cn = commonName"' }],
    ["an empty source", "uid =", { error: 'Line 1: write "attribute = source", as in "cn = commonName"' }],
  ])("%s", (_name, text, parsed) => {
    expect(linesToMapping(text)).toStrictEqual(parsed);
  });

  it("writes pairs back as lines that read the same", () => {
    const pairs = [
      { attribute: "uid", source: "userName" },
      { attribute: "cn;lang-en", source: "fullName" },
    ];
    expect(mappingToLines(pairs)).toBe("uid = userName\ncn;lang-en = fullName");
    expect(linesToMapping(mappingToLines(pairs))).toStrictEqual({ pairs });
  });
});
