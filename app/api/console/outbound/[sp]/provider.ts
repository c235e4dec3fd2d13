import { provisio } from "@/lib/server/current";
import { getApplication } from "@/lib/identity/applications";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";

/** "resident" (Provisioning Settings) or an application's id; an unknown application is not found. */
export async function serviceProviderId(params: Record<string, string>): Promise<string> {
  if (params.sp !== RESIDENT_SP_ID) await getApplication(provisio().sql, params.sp);
  return params.sp;
}
