import { ScimError } from "../errors";
import type { AttrPath, Filter } from "../filter/ast";
import { tokenize } from "../filter/lexer";
import { ParseError } from "../filter/parse-error";
import { describeToken, FilterParser, MAX_FILTER_LENGTH } from "../filter/parser";

/**
 * PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2, Figure 7).
 * `emails[type eq "work"].value` → attribute {attribute:"emails"},
 * filter (paths relative to each email), subAttribute "value".
 */
export interface PatchPath {
  readonly attribute: AttrPath;
  readonly filter?: Filter;
  readonly subAttribute?: string;
}

export const MAX_PATH_LENGTH = MAX_FILTER_LENGTH;

/** Throws ScimError invalidPath for any malformed path, filter part included. */
export function parsePatchPath(text: string): PatchPath {
  if (text.length > MAX_PATH_LENGTH) {
    throw ScimError.invalidPath(`path is ${text.length} characters long; the maximum is ${MAX_PATH_LENGTH}`);
  }
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof ParseError) throw ScimError.invalidPath(e.message);
    throw e;
  }
}

function parse(text: string): PatchPath {
  const parser = new FilterParser(tokenize(text));
  const head = parser.next();
  if (head.kind === "eof") throw new ParseError("path is empty", 0);
  if (head.kind !== "attrPath") throw new ParseError(`expected an attribute path but found ${describeToken(head)}`, head.start);
  if (parser.peek().kind !== "[") {
    expectEnd(parser);
    return { attribute: head.path };
  }

  const filter = parser.parseBracketFilter(head);
  if (parser.peek().kind !== ".") {
    expectEnd(parser);
    return { attribute: head.path, filter };
  }

  parser.next();
  const sub = parser.next();
  if (sub.kind !== "attrPath" || sub.path.schema !== undefined) {
    throw new ParseError(`expected a sub-attribute name after '.' but found ${describeToken(sub)}`, sub.start);
  }
  if (sub.path.subAttribute !== undefined) {
    // Figure 7: valuePath [subAttr], a single level (RFC 7643 §2.3.8).
    throw new ParseError("only one sub-attribute may follow a value filter", sub.start + sub.path.attribute.length);
  }
  expectEnd(parser);
  return { attribute: head.path, filter, subAttribute: sub.path.attribute };
}

function expectEnd(parser: FilterParser): void {
  const tok = parser.peek();
  if (tok.kind !== "eof") throw new ParseError(`unexpected ${describeToken(tok)} in path`, tok.start);
}
