/** scimType keywords defined in RFC 7644 §3.12, Table 9. */
export type ScimType = "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "invalidVers" | "sensitive";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  /** RFC 7644 §3.12 defines status as a JSON string, not a number. */
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly detail: string;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.detail = detail;
    if (scimType !== undefined) this.scimType = scimType;
  }

  // Table 9 lists every scimType under 400 Bad Request; RFC 7644 §3.3 and
  // §3.5.1 carve out 409 Conflict for "uniqueness".
  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, detail, "invalidFilter");
  }
  static tooMany(detail: string): ScimError {
    return new ScimError(400, detail, "tooMany");
  }
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, detail, "uniqueness");
  }
  static mutability(detail: string): ScimError {
    return new ScimError(400, detail, "mutability");
  }
  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, detail, "invalidSyntax");
  }
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, detail, "invalidPath");
  }
  static noTarget(detail: string): ScimError {
    return new ScimError(400, detail, "noTarget");
  }
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, detail, "invalidValue");
  }
  static invalidVers(detail: string): ScimError {
    return new ScimError(400, detail, "invalidVers");
  }
  static sensitive(detail: string): ScimError {
    return new ScimError(400, detail, "sensitive");
  }
  // RFC 7644 §3.12: 404 and 412 carry no scimType.
  static notFound(detail: string): ScimError {
    return new ScimError(404, detail);
  }
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, detail);
  }
}

export function toScimErrorBody(err: ScimError): ScimErrorBody {
  const body: ScimErrorBody = {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(err.status),
    detail: err.detail,
  };
  if (err.scimType !== undefined) body.scimType = err.scimType;
  return body;
}
