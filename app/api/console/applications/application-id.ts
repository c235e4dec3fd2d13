import { IdentityError } from "@/lib/identity/errors";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";

/** The resident service provider has its own page (Provisioning Settings), not an application page. */
export function applicationId(params: Record<string, string>): string {
  if (params.id === RESIDENT_SP_ID) throw IdentityError.notFound("Application");
  return params.id;
}
