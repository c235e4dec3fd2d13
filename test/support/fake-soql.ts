/**
 * The part of SOQL a fake Salesforce needs: `SELECT a, b FROM Object [WHERE cond [AND cond]...]` where each
 * condition is `Field = 'text'`, `Field = true|false` or `Field IN ('a', 'b')`. String literals take SOQL's escapes;
 * comparisons of text ignore case, as Salesforce's do. Anything else is a MALFORMED_QUERY, as it would be there.
 */
export interface SoqlQuery {
  fields: string[];
  object: string;
  conditions: { field: string; values: (string | boolean)[] }[];
}

export class SoqlError extends Error {}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" };

type Token = { kind: "word" | "string" | "punct"; value: string };

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= soql.length) throw new SoqlError("unterminated string literal");
        const d = soql[i]!;
        if (d === "\\") {
          const e = soql[i + 1];
          if (e === undefined || !(e in ESCAPES)) throw new SoqlError(`invalid escape sequence \\${e ?? ""}`);
          value += ESCAPES[e];
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: "string", value });
    } else if (/[(),=]/.test(c)) {
      tokens.push({ kind: "punct", value: c });
      i++;
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      const m = /^[A-Za-z0-9_.]+/.exec(soql.slice(i))![0];
      tokens.push({ kind: "word", value: m });
      i += m.length;
    } else {
      throw new SoqlError(`unexpected character ${c}`);
    }
  }
  return tokens;
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const t = tokens[at++];
    if (!t) throw new SoqlError("unexpected end of query");
    return t;
  };
  const keyword = (word: string) => {
    const t = next();
    if (t.kind !== "word" || t.value.toUpperCase() !== word) throw new SoqlError(`expected ${word}, found ${t.value}`);
  };
  const punct = (p: string) => {
    const t = next();
    if (t.kind !== "punct" || t.value !== p) throw new SoqlError(`expected ${p}, found ${t.value}`);
  };
  const word = () => {
    const t = next();
    if (t.kind !== "word") throw new SoqlError(`expected a name, found ${t.value}`);
    return t.value;
  };
  const literal = (): string | boolean => {
    const t = next();
    if (t.kind === "string") return t.value;
    if (t.kind === "word" && /^(true|false)$/i.test(t.value)) return t.value.toLowerCase() === "true";
    throw new SoqlError(`expected a literal, found ${t.value}`);
  };

  keyword("SELECT");
  const fields = [word()];
  while (peek()?.value === ",") {
    next();
    fields.push(word());
  }
  keyword("FROM");
  const object = word();
  const conditions: SoqlQuery["conditions"] = [];
  if (peek()) {
    keyword("WHERE");
    for (;;) {
      const field = word();
      const op = next();
      if (op.kind === "punct" && op.value === "=") conditions.push({ field, values: [literal()] });
      else if (op.kind === "word" && op.value.toUpperCase() === "IN") {
        punct("(");
        const values = [literal()];
        while (peek()?.value === ",") {
          next();
          values.push(literal());
        }
        punct(")");
        conditions.push({ field, values });
      } else throw new SoqlError(`unsupported operator ${op.value}`);
      if (!peek()) break;
      keyword("AND");
    }
  }
  return { fields, object, conditions };
}

const same = (a: unknown, b: string | boolean) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

/** Whether a record matches every condition of the query. */
export function matches(record: Record<string, unknown>, query: SoqlQuery): boolean {
  return query.conditions.every((c) => c.values.some((v) => same(record[c.field], v)));
}
