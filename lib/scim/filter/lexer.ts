import type { AttrPath, CompareOp, CompValue } from "./ast";
import { ParseError } from "./parse-error";

interface Span {
  /** Offset of the first character of the token in the input. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly text: string;
}

export type Punctuation = "(" | ")" | "[" | "]" | ".";
export type Keyword = "and" | "or" | "not" | "pr";

export type Token =
  | (Span & { readonly kind: "attrPath"; readonly path: AttrPath })
  | (Span & { readonly kind: "compareOp"; readonly op: CompareOp })
  | (Span & { readonly kind: Keyword })
  | (Span & { readonly kind: "value"; readonly value: CompValue })
  | (Span & { readonly kind: Punctuation })
  | (Span & { readonly kind: "eof" });

// Keywords are matched case-insensitively (RFC 7644 §3.4.2.2: "operators
// ... are case insensitive"); true/false/null follow the same convention.
const KEYWORDS: ReadonlyMap<string, Keyword | CompareOp | "true" | "false" | "null"> = new Map(
  (["and", "or", "not", "pr", "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "true", "false", "null"] as const).map((k) => [k, k]),
);

const LITERALS: Readonly<Record<"true" | "false" | "null", CompValue>> = { true: true, false: false, null: null };

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const isAlpha = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isDigit = (c: string) => c >= "0" && c <= "9";
const isHex = (c: string) => isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
// nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1), plus ":" and "."
// which join the URN prefix and sub-attribute into one attrPath lexeme, and
// "$" for the "$ref" sub-attribute RFC 7643 §2.1 singles out.
const isWordChar = (c: string) => isAlpha(c) || isDigit(c) || c === "-" || c === "_" || c === "." || c === ":" || c === "$";
const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]" || c === ".") {
      tokens.push({ kind: c, start: i, end: i + 1, text: c });
      i++;
    } else if (c === '"') {
      const tok = scanString(input, i);
      tokens.push(tok);
      i = tok.end;
    } else if (c === "-" || isDigit(c)) {
      const tok = scanNumber(input, i);
      tokens.push(tok);
      i = tok.end;
    } else if (isAlpha(c) || c === "$") {
      const tok = scanWord(input, i);
      tokens.push(tok);
      i = tok.end;
    } else {
      throw new ParseError(`unexpected character '${c}'`, i);
    }
  }
  tokens.push({ kind: "eof", start: input.length, end: input.length, text: "" });
  return tokens;
}

function scanWord(input: string, start: number): Token {
  let end = start;
  while (end < input.length && isWordChar(input[end]!)) end++;
  const text = input.slice(start, end);
  const keyword = KEYWORDS.get(text.toLowerCase());
  if (keyword === "true" || keyword === "false" || keyword === "null") {
    return { kind: "value", value: LITERALS[keyword], start, end, text };
  }
  if (keyword === "and" || keyword === "or" || keyword === "not" || keyword === "pr") {
    return { kind: keyword, start, end, text };
  }
  if (keyword !== undefined) return { kind: "compareOp", op: keyword, start, end, text };
  return { kind: "attrPath", path: toAttrPath(text, start), start, end, text };
}

/** Splits one attrPath lexeme into `[URI ":"] ATTRNAME ["." ATTRNAME]`. */
function toAttrPath(text: string, start: number): AttrPath {
  // URNs contain ":" and "." themselves (…:enterprise:2.0:User), but
  // ATTRNAME cannot contain ":", so the last colon ends the schema.
  const colon = text.lastIndexOf(":");
  const schema = colon >= 0 ? text.slice(0, colon) : undefined;
  if (schema !== undefined) checkSchema(schema, start);
  const nameStart = colon + 1;
  const names = text.slice(nameStart);
  const dot = names.indexOf(".");
  const attribute = dot < 0 ? names : names.slice(0, dot);
  checkName(attribute, start + nameStart, schema !== undefined ? "after schema URN" : "");
  if (dot < 0) return schema !== undefined ? { schema, attribute } : { attribute };

  const subStart = start + nameStart + dot + 1;
  const rest = names.slice(dot + 1);
  const extraDot = rest.indexOf(".");
  const subAttribute = extraDot < 0 ? rest : rest.slice(0, extraDot);
  checkName(subAttribute, subStart, "after '.'");
  if (extraDot >= 0) {
    // RFC 7643 §2.3.8: complex attributes cannot nest, so one level is all
    // the grammar (subAttr = "." ATTRNAME) permits.
    throw new ParseError(`attribute path '${text}' has more than one sub-attribute`, subStart + extraDot);
  }
  return schema !== undefined ? { schema, attribute, subAttribute } : { attribute, subAttribute };
}

function checkSchema(schema: string, start: number): void {
  if (!schema.toLowerCase().startsWith("urn:") || schema.split(":").some((part) => part === "")) {
    throw new ParseError(`'${schema}' is not a valid schema URN prefix`, start);
  }
}

// ATTRNAME = ALPHA *(nameChar) (RFC 7643 §2.1), with "$ref" as the one
// reserved exception.
function checkName(name: string, start: number, where: string): void {
  const suffix = where ? ` ${where}` : "";
  if (name === "") throw new ParseError(`expected attribute name${suffix}`, start);
  if (name.toLowerCase() === "$ref") return;
  if (!isAlpha(name[0]!)) throw new ParseError(`attribute name '${name}' must start with a letter`, start);
  for (let k = 1; k < name.length; k++) {
    const c = name[k]!;
    if (!(isAlpha(c) || isDigit(c) || c === "-" || c === "_")) {
      throw new ParseError(`invalid character '${c}' in attribute name '${name}'`, start + k);
    }
  }
}

// number = [ "-" ] int [ frac ] [ exp ] (RFC 8259 §6, referenced by RFC 7644
// Figure 1 for compValue).
function scanNumber(input: string, start: number): Token {
  let i = start;
  const fail = (): never => {
    throw new ParseError("invalid number", start);
  };
  const digits = () => {
    if (i >= input.length || !isDigit(input[i]!)) fail();
    while (i < input.length && isDigit(input[i]!)) i++;
  };
  if (input[i] === "-") i++;
  if (input[i] === "0") i++;
  else digits();
  if (input[i] === ".") {
    i++;
    digits();
  }
  if (input[i] === "e" || input[i] === "E") {
    i++;
    if (input[i] === "+" || input[i] === "-") i++;
    digits();
  }
  if (i < input.length && isWordChar(input[i]!)) fail();
  const text = input.slice(start, i);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ParseError("number out of range", start);
  return { kind: "value", value, start, end: i, text };
}

// string = quotation-mark *char quotation-mark (RFC 8259 §7).
function scanString(input: string, start: number): Token {
  let out = "";
  let i = start + 1;
  for (;;) {
    if (i >= input.length) throw new ParseError("unterminated string literal", start);
    const c = input[i]!;
    if (c === '"') break;
    if (c < " ") throw new ParseError("unescaped control character in string literal", i);
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = input[i + 1];
    if (e === undefined) throw new ParseError("unterminated string literal", start);
    if (e === "u") {
      const hex = input.slice(i + 2, i + 6);
      if (hex.length !== 4 || ![...hex].every(isHex)) throw new ParseError("invalid \\u escape in string literal", i);
      // Surrogate pairs arrive as two consecutive escapes, and JS strings are
      // UTF-16, so appending each code unit reassembles them.
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const mapped = ESCAPES[e];
    if (mapped === undefined) throw new ParseError(`invalid escape '\\${e}' in string literal`, i);
    out += mapped;
    i += 2;
  }
  return { kind: "value", value: out, start, end: i + 1, text: input.slice(start, i + 1) };
}
