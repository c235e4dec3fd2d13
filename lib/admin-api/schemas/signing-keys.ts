import { z } from "zod";
import { described } from "./documentation.ts";

export const rotatedKey = z.strictObject({ kid: described(z.string(), "The new signing key's id, as published in the JWKS") });
