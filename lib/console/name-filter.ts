/**
 * The items whose name (or another of the given fields) contains every word typed, in any case and accent: the
 * search box of short lists the console holds whole (applications, connections).
 */
export function matchingItems<T>(items: readonly T[], typed: string, fields: (item: T) => (string | null | undefined)[]): T[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(typed).split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((item) => {
    const text = fold(fields(item).filter(Boolean).join(" "));
    return words.every((w) => text.includes(w));
  });
}
