import { toPostgresPlaceholders } from "./postgres-placeholders.ts";

interface Known {
  text: string;
  name?: string;
  uses: number;
  /** its plan went stale once: run unnamed from then on */
  stale?: boolean;
}

/**
 * The PostgreSQL form of each statement text, and a name for those that recur: a named statement is parsed
 * and planned once per connection instead of on every execution, which is most of the database's work for
 * a lookup by id. Names are given from the second use on and only up to a bound, so one-off texts (an unusual
 * filter) never pile up as prepared statements in the server's sessions.
 */
export class PgStatements {
  private readonly known = new Map<string, Known>();
  private named = 0;

  constructor(
    private readonly maxNamed = 500,
    private readonly maxKnown = 5_000,
  ) {}

  query(text: string): { text: string; name?: string } {
    let entry = this.known.get(text);
    if (!entry) {
      entry = { text: toPostgresPlaceholders(text), uses: 0 };
      if (this.known.size >= this.maxKnown) return { text: entry.text };
      this.known.set(text, entry);
    }
    entry.uses++;
    if (!entry.name && !entry.stale && entry.uses >= 2 && this.named < this.maxNamed) entry.name = `provisio_${++this.named}`;
    return entry.name ? { text: entry.text, name: entry.name } : { text: entry.text };
  }

  /** A prepared plan the database can no longer use (a migration changed a table under it): stop naming it. */
  unname(text: string): void {
    const entry = this.known.get(text);
    if (entry) Object.assign(entry, { name: undefined, stale: true });
  }
}

/** PostgreSQL refuses a prepared statement whose result columns changed since it was prepared. */
export function isStalePlan(err: unknown): boolean {
  return err instanceof Error && /cached plan must not change result type/.test(err.message);
}
