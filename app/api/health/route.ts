import { healthHandler } from "@/lib/server/health";
import { toWebResponse } from "@/lib/server/exchange";

export const dynamic = "force-dynamic";
export const GET = async () => toWebResponse(await healthHandler());
