import { healthHandler } from "@/lib/server/health";
import { toWebResponse } from "@/lib/server/exchange";
import { provisio } from "@/lib/server/current";

export const dynamic = "force-dynamic";
export const GET = async () => toWebResponse(await healthHandler(provisio().sql));
