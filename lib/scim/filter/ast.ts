/**
 * attrPath = [URI ":"] ATTRNAME *1subAttr (RFC 7644 §3.4.2.2, Figure 1).
 * Names keep the client's spelling; RFC 7643 §2.1 makes attribute names and
 * schema URNs case-insensitive, so consumers must compare them that way.
 */
export interface AttrPath {
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

/** compValue = false / null / true / number / string (RFC 7644 Figure 1). */
export type CompValue = string | number | boolean | null;

export interface LogicalFilter {
  readonly op: "and" | "or";
  readonly left: Filter;
  readonly right: Filter;
}

export interface NotFilter {
  readonly op: "not";
  readonly filter: Filter;
}

export interface PresentFilter {
  readonly op: "pr";
  readonly path: AttrPath;
}

export interface CompareFilter {
  readonly op: CompareOp;
  readonly path: AttrPath;
  readonly value: CompValue;
}

/**
 * `emails[type eq "work"]`: `filter` is evaluated per element of the
 * multi-valued attribute `path`, so its paths are relative to that element
 * (they carry only `attribute`, naming a sub-attribute).
 */
export interface ValuePathFilter {
  readonly op: "valuePath";
  readonly path: AttrPath;
  readonly filter: Filter;
}

export type Filter = LogicalFilter | NotFilter | PresentFilter | CompareFilter | ValuePathFilter;

export const COMPARE_OPS: readonly CompareOp[] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
