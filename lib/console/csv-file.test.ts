import { describe, expect, it } from "vitest";
import { readCsv, resultsCsv } from "./csv-file.ts";

const read = (text: string) => readCsv(text, text.length);

describe("readCsv", () => {
  it("reads quoted cells with commas, quotes and line breaks, a byte order mark and blank lines", () => {
    expect(read('\uFEFFuserName,displayName\r\nann,"Ann, ""the"" first"\r\n\r\nben,"two\nlines"\r\n')).toEqual({
      columns: ["userName", "displayName"],
      rows: [
        ["ann", 'Ann, "the" first'],
        ["ben", "two\nlines"],
      ],
    });
  });

  it.each([
    ["an empty file", "", "The file is empty"],
    ["a header alone", "userName\n", "The file has a header row but no users under it"],
    ["an unclosed quote", 'userName\n"ann\n', "Line 2: Quoted field unterminated"],
    ["too many rows", "userName\n" + "u\n".repeat(10_001), "The file has 10,001 rows; at most 10,000 can be imported at a time: split it"],
  ])("refuses %s", (_, text, problem) => {
    expect(read(text)).toEqual({ problem });
  });

  it("refuses a file over the size bound before parsing it", () => {
    expect(readCsv("userName\nann\n", 6 * 1024 * 1024)).toEqual({ problem: "The file is 6.0 MB; at most 5 MB can be imported at a time: split it" });
  });
});

describe("resultsCsv", () => {
  it("writes one line per row, quoting what needs it", () => {
    expect(
      resultsCsv([
        { row: 1, userName: "ann", status: "created", id: "u1" },
        { row: 2, userName: "b,c", status: "failed", reason: 'bad "x"' },
      ]),
    ).toBe('row,userName,status,reason,id\r\n1,ann,created,,u1\r\n2,"b,c",failed,"bad ""x""",');
  });
});
