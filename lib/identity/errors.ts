/** Failures of the identity store, mapped to HTTP by each front door (SCIM, admin API). */
export type IdentityErrorCode = "not_found" | "conflict" | "invalid" | "forbidden" | "precondition_failed";

/** The HTTP status each failure is answered with, the same through every front door. */
export const HTTP_STATUS_OF: Readonly<Record<IdentityErrorCode, number>> = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403, precondition_failed: 412 };

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    /** the input field at fault, for form errors */
    readonly field?: string,
  ) {
    super(message);
    this.name = "IdentityError";
  }
  get httpStatus(): number {
    return HTTP_STATUS_OF[this.code];
  }
  static notFound(what: string) {
    return new IdentityError("not_found", `${what} not found`);
  }
  static conflict(message: string, field?: string) {
    return new IdentityError("conflict", message, field);
  }
  static invalid(message: string, field?: string) {
    return new IdentityError("invalid", message, field);
  }
}

/**
 * A unique-constraint violation, raised when two writers race past the same pre-check: Prisma's P2002,
 * SQLite's SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY, PostgreSQL's 23505.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: string }).code;
  return code === "P2002" || code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
