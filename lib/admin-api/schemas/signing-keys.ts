import { z } from "zod";
import { described } from "./documentation.ts";

export const rotatedKey = z.strictObject({
  kid: described(z.string(), "The new ES256 signing key's id, as published in the JWKS"),
  kids: described(z.strictObject({ ES256: z.string(), RS256: z.string() }), "The new signing key's id for each algorithm"),
});
