import { expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations
import { renderTableTypes } from "./table-types.mjs";

it("types each column as the drivers return it, keeps doc comments, and leaves relation fields out", () => {
  const schema = `model Thing {
  id        String   @id
  /// how many, at most 10
  count     Int      @default(0)
  note      String?
  active    Boolean  @default(true)
  seenAt    DateTime?
  ownerId   String
  owner     Owner    @relation(fields: [ownerId], references: [id])
  tags      Tag[]
}
`;
  const out = renderTableTypes(schema);
  expect(out).toContain(
    [
      "export interface ThingRow {",
      "  id: string;",
      "  /** how many, at most 10 */",
      "  count: number;",
      "  note: string | null;",
      "  active: DbBoolean;",
      "  seenAt: DbDate | null;",
      "  ownerId: string;",
      "}",
    ].join("\n"),
  );
  expect(out).toContain("  Thing: ThingRow;");
  expect(out).not.toMatch(/owner: |tags: /);
});
