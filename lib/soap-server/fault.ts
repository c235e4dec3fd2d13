import { ZodError } from "zod";
import { IdentityError } from "../identity/errors.ts";
import { ScimError } from "../scim/errors.ts";
import { UnsupportedClaimError } from "../wso2-user-admin/claims.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import { log } from "../log.ts";

/**
 * A SOAP 1.1 fault: "Client" when the request is at fault (resending it unchanged fails again), "Server" when
 * Provisio is. SOAP 1.1 (section 6.2) and the WS-I Basic Profile (R1126) send every fault with HTTP 500, as WSO2
 * does; only refused credentials get 401, so that HTTP clients can ask for them.
 */
export class SoapFault extends Error {
  constructor(
    readonly code: "Client" | "Server",
    message: string,
    readonly httpStatus = 500,
  ) {
    super(message);
    this.name = "SoapFault";
  }

  static client(message: string) {
    return new SoapFault("Client", message);
  }
}

const zodMessage = (err: ZodError) => err.issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");

/**
 * Any failure as the fault it is answered with. Store refusals (name taken, user not found, a weak password) are
 * the client's; an unexpected error is logged and answered without its details.
 */
export function toSoapFault(err: unknown, operation: string): SoapFault {
  if (err instanceof SoapFault) return err;
  if (err instanceof IdentityError) return SoapFault.client(err.message);
  if (err instanceof UnsupportedClaimError) return SoapFault.client(err.message);
  if (err instanceof ZodError) return SoapFault.client(`Invalid ${operation} request: ${zodMessage(err)}`);
  if (err instanceof ScimError && err.status === 401) return new SoapFault("Client", FAULT_TEXT.authenticationFailed(err.message), 401);
  if (err instanceof ScimError) return new SoapFault(err.status < 500 ? "Client" : "Server", err.message);
  log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, operation }, "SOAP user admin operation failed");
  return new SoapFault("Server", "Internal error; the server log has the details");
}
