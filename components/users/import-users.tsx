"use client";

import Link from "next/link";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button, Field, PageHeader, Select } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import { readCsv, resultsCsv, type CsvFile } from "@/lib/console/csv-file";
import { IMPORT_BATCH_ROWS, IMPORT_COLUMNS_HINT, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "@/lib/console/user-import";
import type { ImportRow, PreviewRow } from "@/lib/admin-api/user-import";
import { useUserStores } from "./use-user-stores";

const STATUS_STYLE: Record<string, string> = {
  valid: "text-green-700",
  created: "text-green-700",
  invalid: "text-red-700",
  failed: "text-red-700",
  duplicate: "text-amber-700",
  exists: "text-amber-700",
};

/** WSO2's "Add multiple users": a CSV file checked row by row, then created in slices, with a result per row. */
export function ImportUsers() {
  const stores = useUserStores();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [domain, setDomain] = useState("PRIMARY");
  const [file, setFile] = useState<CsvFile & { name: string }>();
  const [problem, setProblem] = useState<string>();
  const [preview, setPreview] = useState<PreviewRow[]>();
  const [results, setResults] = useState<ImportRow[]>();
  const [progress, setProgress] = useState<string>();

  const choose = async (chosen: File | undefined) => {
    setFile(undefined);
    setPreview(undefined);
    setResults(undefined);
    setProblem(undefined);
    if (!chosen) return;
    // the size is checked before the file is read into memory
    const read = chosen.size > IMPORT_MAX_BYTES ? readCsv("", chosen.size) : readCsv(await chosen.text(), chosen.size);
    if ("problem" in read) return setProblem(read.problem);
    setFile({ ...read, name: chosen.name });
    try {
      setPreview((await api<{ rows: PreviewRow[] }>(`${ADMIN_API}/users/import/preview`, { method: "POST", json: { ...read, domain } })).rows);
    } catch (err) {
      setProblem(err instanceof ApiError && err.fieldErrors.columns ? err.fieldErrors.columns : (err as Error).message);
    }
  };

  const runImport = async () => {
    if (!file) return;
    const done: ImportRow[] = [];
    try {
      for (let start = 0; start < file.rows.length; start += IMPORT_BATCH_ROWS) {
        setProgress(`Importing rows ${start + 1}–${Math.min(file.rows.length, start + IMPORT_BATCH_ROWS)} of ${file.rows.length}…`);
        const slice = file.rows.slice(start, start + IMPORT_BATCH_ROWS);
        const answer = await api<{ rows: ImportRow[] }>(`${ADMIN_API}/users/import`, { method: "POST", json: { columns: file.columns, rows: slice, domain, firstRow: start + 1 } });
        done.push(...answer.rows);
        setResults([...done]);
      }
      const created = done.filter((r) => r.status === "created").length;
      toast(created === done.length ? "success" : "error", `${created} of ${done.length} users created`);
    } catch (err) {
      toast("error", `Import stopped after ${done.length} rows: ${(err as Error).message}`);
    } finally {
      setProgress(undefined);
      await queryClient.invalidateQueries({ queryKey: ["users"] });
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([resultsCsv(results ?? [])], { type: "text/csv" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: `import-results-${file?.name ?? "users.csv"}` });
    link.click();
    URL.revokeObjectURL(url);
  };

  const valid = preview?.filter((r) => r.status === "valid").length ?? 0;
  return (
    <>
      <PageHeader
        title="Import users"
        description={`Add multiple users from a CSV file (at most ${IMPORT_MAX_ROWS.toLocaleString("en")} rows, ${IMPORT_MAX_BYTES / 1024 / 1024} MB). The header row names the columns: ${IMPORT_COLUMNS_HINT}, or a custom attribute's name.`}
        actions={
          <Link href="/users" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
            Back to users
          </Link>
        }
      />
      <div className="mb-6 grid max-w-2xl grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-6">
        <Field label="User store" htmlFor="import-domain" hint="For rows without a domain column">
          <Select id="import-domain" value={domain} disabled={!!results} onChange={(e) => setDomain(e.target.value)}>
            {(stores.data ?? [{ domain: "PRIMARY" }]).map((s) => (
              <option key={s.domain}>{s.domain}</option>
            ))}
          </Select>
        </Field>
        <Field label="CSV file" htmlFor="import-file" error={problem}>
          <input id="import-file" type="file" accept=".csv,text/csv" aria-invalid={!!problem} className="block w-full text-sm" onChange={(e) => choose(e.target.files?.[0])} />
        </Field>
      </div>
      {preview && !results && (
        <section aria-labelledby="preview-heading">
          <div className="mb-2 flex items-center justify-between">
            <h2 id="preview-heading" className="text-lg font-semibold">
              Preview: {valid} of {preview.length} rows ready
            </h2>
            <Button disabled={!!progress || valid === 0} onClick={runImport}>
              Import {valid} {valid === 1 ? "user" : "users"}
            </Button>
          </div>
          <RowTable label="Preview" rows={preview.map((r) => ({ row: r.row, userName: r.userName, status: r.status, detail: r.errors.join("; ") }))} />
        </section>
      )}
      {progress && (
        <p role="status" className="my-3 text-sm text-slate-600">
          {progress}
        </p>
      )}
      {results && (
        <section aria-labelledby="results-heading">
          <div className="mb-2 flex items-center justify-between">
            <h2 id="results-heading" className="text-lg font-semibold">
              Results: {results.filter((r) => r.status === "created").length} created, {results.filter((r) => r.status === "failed").length} failed
            </h2>
            <Button variant="secondary" disabled={!!progress} onClick={download}>
              Download results (CSV)
            </Button>
          </div>
          <RowTable label="Import results" rows={results.map((r) => ({ row: r.row, userName: r.userName, status: r.status, detail: r.reason ?? "", id: r.id }))} />
        </section>
      )}
    </>
  );
}

function RowTable({ label, rows }: { label: string; rows: { row: number; userName: string; status: string; detail: string; id?: string }[] }) {
  return (
    <DataTable label={label} columns={["Row", "User name", "Status", "Details"]}>
      {rows.map((r) => (
        <tr key={r.row}>
          <td className="px-4 py-2">{r.row}</td>
          <td className="px-4 py-2 font-medium">
            {r.id ? (
              <Link href={`/users/${r.id}`} className="text-brand-700 hover:underline">
                {r.userName}
              </Link>
            ) : (
              r.userName
            )}
          </td>
          <td className={`px-4 py-2 font-medium ${STATUS_STYLE[r.status] ?? ""}`}>{r.status}</td>
          <td className="px-4 py-2 text-slate-700">{r.detail}</td>
        </tr>
      ))}
    </DataTable>
  );
}
