import { describe, expect, it } from "vitest";
import { formatExchange, prettyXml } from "./exchange-format";

describe("formatExchange", () => {
  it.each([
    {
      case: "a JSON request after its start line",
      summary: 'POST http://t/scim2/Users\n{"userName":"kim","emails":[{"value":"kim@example.com"}]}',
      want: { format: "json", text: 'POST http://t/scim2/Users\n{\n  "userName": "kim",\n  "emails": [\n    {\n      "value": "kim@example.com"\n    }\n  ]\n}' },
    },
    { case: "a JSON response", summary: 'HTTP 401\n{"detail":"bad credentials"}', want: { format: "json", text: 'HTTP 401\n{\n  "detail": "bad credentials"\n}' } },
    { case: "JSON cut short at the size limit stays as sent", summary: 'POST http://t/Users\n{"userName":"ki', want: { format: "text", text: 'POST http://t/Users\n{"userName":"ki' } },
    { case: "no body", summary: "DELETE http://t/scim2/Users/42", want: { format: "text", text: "DELETE http://t/scim2/Users/42" } },
    { case: "nothing", summary: "", want: { format: "text", text: "" } },
    {
      case: "an XML request",
      summary: 'POST http://t/spml\n<?xml version="1.0"?><addRequest><data><user><name>kim</name></user></data></addRequest>',
      want: { format: "xml", text: 'POST http://t/spml\n<?xml version="1.0"?>\n<addRequest>\n  <data>\n    <user>\n      <name>kim</name>\n    </user>\n  </data>\n</addRequest>' },
    },
  ])("$case", ({ summary, want }) => {
    expect(formatExchange(summary)).toEqual(want);
  });
});

describe("prettyXml", () => {
  it("keeps empty elements and namespaces on their own lines, and survives XML cut short", () => {
    expect(prettyXml('<s:Envelope xmlns:s="urn:x"><s:Body><ok/></s:Body></s:Envelope>')).toBe('<s:Envelope xmlns:s="urn:x">\n  <s:Body>\n    <ok/>\n  </s:Body>\n</s:Envelope>');
    expect(prettyXml("<a><b>te")).toBe("<a>\n  <b>\n    te");
  });
});
