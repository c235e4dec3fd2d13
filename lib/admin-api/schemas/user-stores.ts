import { z } from "zod";
import { userStoreInputSchema } from "../../identity/user-stores.ts";
import { describeFields, named } from "./documentation.ts";

describeFields(userStoreInputSchema.shape, { domain: "Stored in upper case", readOnly: "Users and groups cannot be created in it" });

export const userStoreInput = named("UserStoreInput", userStoreInputSchema);

export const userStore = named(
  "UserStore",
  z.strictObject({
    id: z.string(),
    domain: z.string(),
    description: z.string(),
    primary: z.boolean(),
    readOnly: z.boolean(),
  }),
  "A user store domain: PRIMARY, or a secondary domain whose names are written DOMAIN/name",
);
