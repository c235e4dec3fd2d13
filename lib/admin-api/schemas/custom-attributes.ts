import { z } from "zod";
import { customAttributeSchema } from "../../identity/custom-attributes.ts";
import { describeFields, described, named } from "./documentation.ts";

const fields = customAttributeSchema.shape;

describeFields(fields, {
  name: "Unique, compared without regard to case; the attribute is urn:scim:schemas:extension:custom:User:<name>",
  canonicalValues: "When any is listed, a string value must be one of them",
});

export const customAttributeInput = named("CustomAttributeInput", customAttributeSchema);

// the stored definition: the input's fields with their defaults applied, and the id
export const customAttribute = named(
  "CustomAttribute",
  z.strictObject({
    id: z.string(),
    name: z.string(),
    type: fields.type.removeDefault(),
    multiValued: z.boolean(),
    required: z.boolean(),
    caseExact: z.boolean(),
    mutability: fields.mutability.removeDefault(),
    returned: fields.returned.removeDefault(),
    uniqueness: fields.uniqueness.removeDefault(),
    description: z.string(),
    canonicalValues: z.array(z.string()),
  }),
);

export const customAttributeWithUsage = named(
  "CustomAttributeWithUsage",
  customAttribute.extend({ usersWithValue: described(z.int(), "How many users hold a value of it: deleting the attribute removes them") }),
);
