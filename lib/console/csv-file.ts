import Papa from "papaparse";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "./user-import.ts";

export type CsvFile = { columns: string[]; rows: string[][] };

/** A CSV file's header and rows, or why it cannot be imported (too large, empty, malformed). */
export function readCsv(text: string, bytes: number): CsvFile | { problem: string } {
  if (bytes > IMPORT_MAX_BYTES) return { problem: `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB can be imported at a time: split it` };
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const fatal = parsed.errors.find((e) => e.type === "Quotes" || e.type === "FieldMismatch");
  if (fatal) return { problem: `Line ${(fatal.row ?? 0) + 1}: ${fatal.message}` };
  const [columns, ...rows] = parsed.data;
  if (!columns?.length) return { problem: "The file is empty" };
  if (!rows.length) return { problem: "The file has a header row but no users under it" };
  if (rows.length > IMPORT_MAX_ROWS) return { problem: `The file has ${rows.length.toLocaleString("en")} rows; at most ${IMPORT_MAX_ROWS.toLocaleString("en")} can be imported at a time: split it` };
  return { columns: columns.map((c) => c.trim()), rows };
}

/** The import's outcome as a CSV file to download: one line per row of the uploaded file. */
export function resultsCsv(results: { row: number; userName: string; status: string; reason?: string; id?: string }[]): string {
  return Papa.unparse({ fields: ["row", "userName", "status", "reason", "id"], data: results.map((r) => [r.row, r.userName, r.status, r.reason ?? "", r.id ?? ""]) });
}
