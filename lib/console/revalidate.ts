/**
 * The errors a form shows after a change: once a field has been touched its error follows its value at once (shown
 * when wrong, gone when fixed); an untouched field keeps the error an earlier submit gave it only while it still
 * holds, so fixing one field never makes others' messages appear before Next or Save is pressed.
 */
export function revalidate(shown: Record<string, string>, found: Record<string, string>, touched: ReadonlySet<string>): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [field, message] of Object.entries(found)) {
    if (touched.has(field) || field in shown) next[field] = message;
  }
  return next;
}
