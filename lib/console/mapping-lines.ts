/**
 * An attribute mapping as the console edits it: one "attribute = source" per line. The server validates the
 * names and sources; this only turns text into pairs and back, and says which line it cannot read.
 */
export interface MappingPair {
  attribute: string;
  source: string;
}

export function mappingToLines(pairs: readonly MappingPair[]): string {
  return pairs.map((p) => `${p.attribute} = ${p.source}`).join("\n");
}

const LINE = /^([^=\s]+)\s*=\s*([^=\s]+)$/;

/** The pairs of the text, blank lines skipped; or the first line that is not "attribute = source". */
export function linesToMapping(text: string): { pairs: MappingPair[] } | { error: string } {
  const pairs: MappingPair[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = LINE.exec(line);
    if (!m) return { error: `Line ${i + 1}: write "attribute = source", as in "cn = commonName"` };
    pairs.push({ attribute: m[1]!, source: m[2]! });
  }
  return { pairs };
}
