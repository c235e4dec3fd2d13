import type { AttrPath } from "../../scim/filter/ast.ts";
import { tokenize } from "../../scim/filter/lexer.ts";
import { ScimError } from "../../scim/errors.ts";
import type { SqlParam } from "../../db/sql.ts";
import { codePointOrder } from "./compile-filter.ts";
import { OUTER_ALIAS, resolvePath, type Leaf, type QueryContext, type Scope } from "./attribute-map.ts";

export type SortOrder = "ascending" | "descending";

export interface CompiledSort {
  /** ORDER BY list without the keyword: `<key> ASC[ NULLS LAST], <tieBreaker> ASC` */
  readonly orderBy: string;
  /** values for the `?` in orderBy */
  readonly params: SqlParam[];
  /**
   * The sort key as one SQL expression, for keyset cursors: ascending, the rows after (k, id) are
   * `keyExpr > ? OR (keyExpr = ? AND tieBreaker > ?)`, plus `OR keyExpr IS NULL` when keyNullable
   * (pageThroughFixtures in test/support/filter-fixtures.ts pages every direction, NULL cursors included).
   */
  readonly keyExpr: string;
  /** values for the `?` in keyExpr, needed again at each place keyExpr is written */
  readonly keyParams: SqlParam[];
  /** the id expression ending orderBy, to compare cursors with the same collation */
  readonly tieBreaker: string;
  readonly descending: boolean;
  /** whether keyExpr can be NULL; NULL sorts after every value (last ascending, first descending) */
  readonly keyNullable: boolean;
}

const invalidSort = (detail: string) => new ScimError(400, `sortBy: ${detail}`, "invalidValue");

/**
 * RFC 7644 §3.4.2.3. Without sortBy the order is creation order. The outer id always breaks ties, in the
 * direction of the sort, so the order is total and paging never repeats or skips a resource.
 * sortOrder without sortBy is ignored: it only says how sortBy is applied.
 * Throws ScimError 400 invalidValue for a sortBy that names no sortable attribute.
 */
export function compileSort(sortBy: string | undefined, sortOrder: SortOrder | undefined, ctx: QueryContext): CompiledSort {
  const alias = OUTER_ALIAS[ctx.resource];
  const created = `${alias}."createdAt"`;
  // code point order for ids too, so both dialects page through ties identically
  const tieBreaker = codePointOrder(ctx.dialect, `${alias}."id"`);
  const byCreation: CompiledSort = {
    orderBy: `${created} ASC, ${tieBreaker} ASC`,
    params: [],
    keyExpr: created,
    keyParams: [],
    tieBreaker,
    descending: false,
    keyNullable: false,
  };
  if (sortBy === undefined || sortBy.trim() === "") return byCreation;

  const path = parseSortPath(sortBy.trim());
  const { attribute, leaf } = resolvePath(path, ctx, invalidSort);
  if (!leaf) throw invalidSort(`${attribute.name} is a complex attribute: sort by one of its sub-attributes`);
  const descending = sortOrder === "descending";
  if (leaf.kind === "constant") return { ...byCreation };
  const key = sortKey(leaf, attribute.scope, ctx);
  const dir = descending ? "DESC" : "ASC";
  // NULL as the greatest value keeps ascending and descending exact mirrors of each other
  const nulls = key.nullable ? (descending ? " NULLS FIRST" : " NULLS LAST") : "";
  return {
    orderBy: `${key.expr} ${dir}${nulls}, ${tieBreaker} ${dir}`,
    params: [...key.params],
    keyExpr: key.expr,
    keyParams: [...key.params],
    tieBreaker,
    descending,
    keyNullable: key.nullable,
  };
}

function parseSortPath(text: string): AttrPath {
  let tokens;
  try {
    tokens = tokenize(text);
  } catch (err) {
    throw invalidSort(`"${text}" is not an attribute path: ${(err as Error).message}`);
  }
  const [first, second] = tokens;
  if (tokens.length !== 2 || first?.kind !== "attrPath" || second?.kind !== "eof") {
    throw invalidSort(`"${text}" is not an attribute path`);
  }
  return first.path;
}

interface SortKey {
  expr: string;
  params: readonly SqlParam[];
  nullable: boolean;
}

/**
 * Case-insensitive strings sort by their folded form, case-exact ones as stored (RFC 7644 §3.4.2.3); a
 * multi-valued attribute sorts by its primary value, else its first (same section).
 */
function sortKey(leaf: Exclude<Leaf, { kind: "constant" }>, scope: Scope, ctx: QueryContext): SortKey {
  let expr: string;
  let nullable: boolean;
  let text = true;
  let join = false;
  switch (leaf.kind) {
    case "unsupported":
      throw invalidSort(leaf.reason);
    case "qualifiedName":
      // The bare name's key, which the (store, key) index covers: resources of other stores sort among
      // PRIMARY ones by their name without the "DOMAIN/" prefix.
      expr = `${leaf.alias}."${leaf.keyColumn}"`;
      nullable = false;
      join = Boolean(leaf.join);
      break;
    case "column":
      text = leaf.type === "string" || leaf.type === "reference" || leaf.type === "binary";
      expr = !text || leaf.caseExact ? leaf.expr : (leaf.keyExpr ?? `LOWER(${leaf.expr})`);
      nullable = leaf.nullable;
      join = Boolean(leaf.join);
      break;
  }
  let params: readonly SqlParam[] = [];
  if (scope.kind === "exists") {
    const joinSql = join && scope.join ? ` ${scope.join}` : "";
    expr = `(SELECT ${expr} FROM ${scope.from}${joinSql} WHERE ${scope.where} ORDER BY ${scope.firstOrder} LIMIT 1)`;
    params = scope.params;
    // an attribute without elements has no sort value
    nullable = true;
  }
  return { expr: text ? codePointOrder(ctx.dialect, expr) : expr, params, nullable };
}
