import { z } from "zod";

/** A Date as JSON.stringify writes it: an ISO 8601 instant in UTC. */
export const instant = () => z.iso.datetime();
