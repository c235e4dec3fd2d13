/**
 * Syntax failure at a character offset. Filters and PATCH paths share the
 * lexer and parser but report different scimTypes (invalidFilter vs
 * invalidPath, RFC 7644 §3.12), so the public entry points translate this.
 */
export class ParseError extends Error {
  readonly position: number;
  readonly reason: string;

  constructor(reason: string, position: number) {
    super(`${reason} at position ${position}`);
    this.name = "ParseError";
    this.reason = reason;
    this.position = position;
  }
}
