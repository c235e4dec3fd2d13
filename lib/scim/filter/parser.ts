import { ScimError } from "../errors";
import type { CompareOp, CompValue, Filter } from "./ast";
import { tokenize, type Token } from "./lexer";
import { ParseError } from "./parse-error";

// RFC 7644 §3.4.2.2 sets no limits; these bound parser work and recursion
// for untrusted input (RFC 7644 §7.4 on denial of service).
export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 50;

/**
 * FILTER = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
 * (RFC 7644 §3.4.2.2, Figure 1). Throws ScimError invalidFilter.
 */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw ScimError.invalidFilter(`filter is ${text.length} characters long; the maximum is ${MAX_FILTER_LENGTH}`);
  }
  try {
    const parser = new FilterParser(tokenize(text));
    if (parser.peek().kind === "eof") throw new ParseError("filter is empty", 0);
    const filter = parser.parseFilter();
    parser.expectEnd();
    return filter;
  } catch (e) {
    if (e instanceof ParseError) throw ScimError.invalidFilter(e.message);
    throw e;
  }
}

export function describeToken(tok: Token): string {
  switch (tok.kind) {
    case "eof":
      return "end of input";
    case "attrPath":
      return `attribute '${tok.text}'`;
    case "compareOp":
      return `operator '${tok.text}'`;
    case "value":
      return typeof tok.value === "string" ? `string ${tok.text}` : `'${tok.text}'`;
    default:
      return `'${tok.text}'`;
  }
}

type AttrPathToken = Extract<Token, { kind: "attrPath" }>;

/**
 * Recursive descent over the token list. Precedence (RFC 7644 §3.4.2.2,
 * Table 4): grouping and "not" bind tightest, then "and", then "or"; both
 * logical operators associate to the left.
 */
export class FilterParser {
  private readonly tokens: readonly Token[];
  private index = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  peek(): Token {
    return this.tokens[this.index]!;
  }

  next(): Token {
    const tok = this.tokens[this.index]!;
    if (tok.kind !== "eof") this.index++;
    return tok;
  }

  parseFilter(): Filter {
    return this.parseOr(false);
  }

  expectEnd(): void {
    const tok = this.peek();
    if (tok.kind === "eof") return;
    if (tok.kind === ")") throw new ParseError("unmatched ')'", tok.start);
    if (tok.kind === ".") {
      // Figure 1's valuePath has no trailing subAttr; only PATCH paths
      // (RFC 7644 §3.5.2, Figure 7) allow `emails[...].value`.
      throw new ParseError("a sub-attribute after a value filter is only allowed in PATCH paths", tok.start);
    }
    throw new ParseError(`expected 'and', 'or' or end of input but found ${describeToken(tok)}`, tok.start);
  }

  /** Consumes `"[" valFilter "]"` following the attribute `head`. */
  parseBracketFilter(head: AttrPathToken): Filter {
    const open = this.next();
    if (open.kind !== "[") throw new ParseError(`expected '[' but found ${describeToken(open)}`, open.start);
    if (head.path.subAttribute !== undefined) {
      // Value filters select elements of a multi-valued complex attribute,
      // and sub-attributes can never be complex (RFC 7643 §2.3.8).
      throw new ParseError(`a value filter cannot follow the sub-attribute path '${head.text}'`, open.start);
    }
    this.enter(open);
    const inner = this.parseOr(true);
    this.close("]", open);
    return inner;
  }

  private parseOr(inValuePath: boolean): Filter {
    let left = this.parseAnd(inValuePath);
    while (this.peek().kind === "or") {
      this.next();
      left = { op: "or", left, right: this.parseAnd(inValuePath) };
    }
    return left;
  }

  private parseAnd(inValuePath: boolean): Filter {
    let left = this.parseUnary(inValuePath);
    while (this.peek().kind === "and") {
      this.next();
      left = { op: "and", left, right: this.parseUnary(inValuePath) };
    }
    return left;
  }

  private parseUnary(inValuePath: boolean): Filter {
    const tok = this.peek();
    switch (tok.kind) {
      case "not": {
        this.next();
        // Figure 1 only allows `not "(" FILTER ")"`, never a bare operand.
        if (this.peek().kind !== "(") {
          throw new ParseError(`expected '(' after 'not' but found ${describeToken(this.peek())}`, this.peek().start);
        }
        return { op: "not", filter: this.parseGroup(inValuePath) };
      }
      case "(":
        return this.parseGroup(inValuePath);
      case "attrPath":
        this.next();
        return this.parseAttrExpression(tok, inValuePath);
      default:
        throw new ParseError(`expected an attribute path, 'not' or '(' but found ${describeToken(tok)}`, tok.start);
    }
  }

  private parseGroup(inValuePath: boolean): Filter {
    const open = this.next();
    this.enter(open);
    const inner = this.parseOr(inValuePath);
    this.close(")", open);
    return inner;
  }

  private parseAttrExpression(head: AttrPathToken, inValuePath: boolean): Filter {
    const { path } = head;
    if (inValuePath && (path.schema !== undefined || path.subAttribute !== undefined)) {
      // Inside "[...]" names are sub-attributes of the enclosing attribute
      // (RFC 7644 §3.4.2.2, valuePath), so they cannot be qualified further.
      throw new ParseError(`'${head.text}' inside a value filter must be a plain sub-attribute name`, head.start);
    }
    const tok = this.peek();
    if (tok.kind === "[") {
      if (inValuePath) throw new ParseError("nested value filters are not allowed", tok.start);
      return { op: "valuePath", path, filter: this.parseBracketFilter(head) };
    }
    if (tok.kind === "pr") {
      this.next();
      const extra = this.peek();
      if (extra.kind === "value") throw new ParseError("operator 'pr' does not take a value", extra.start);
      return { op: "pr", path };
    }
    if (tok.kind === "compareOp") {
      this.next();
      const value = this.next();
      if (value.kind !== "value") {
        throw new ParseError(`expected a value after '${tok.text}' but found ${describeToken(value)}`, value.start);
      }
      checkOperand(tok.op, value.value, tok);
      return { op: tok.op, path, value: value.value };
    }
    throw new ParseError(`expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '${head.text}' but found ${describeToken(tok)}`, tok.start);
  }

  private enter(open: Token): void {
    this.depth++;
    if (this.depth > MAX_FILTER_DEPTH) {
      throw new ParseError(`nesting exceeds the maximum depth of ${MAX_FILTER_DEPTH}`, open.start);
    }
  }

  private close(kind: ")" | "]", open: Token): void {
    const tok = this.peek();
    if (tok.kind !== kind) {
      if (tok.kind === "eof") throw new ParseError(`missing '${kind}' for '${open.kind}' at position ${open.start}`, tok.start);
      throw new ParseError(`expected 'and', 'or' or '${kind}' but found ${describeToken(tok)}`, tok.start);
    }
    this.next();
    this.depth--;
  }
}

function checkOperand(op: CompareOp, value: CompValue, tok: Token): void {
  if ((op === "gt" || op === "ge" || op === "lt" || op === "le") && (typeof value === "boolean" || value === null)) {
    // RFC 7644 §3.4.2.2: ordering comparisons on booleans SHALL fail with
    // invalidFilter; null has no ordering either.
    throw new ParseError(`operator '${tok.text}' cannot compare with ${String(value)}`, tok.start);
  }
  if ((op === "co" || op === "sw" || op === "ew") && typeof value !== "string") {
    // Substring operators are defined on string values only (Table 3).
    throw new ParseError(`operator '${tok.text}' requires a string value`, tok.start);
  }
}
