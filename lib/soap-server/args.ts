import { z } from "zod";
import type { OperationName } from "../wso2-user-admin/wsdl.ts";

/**
 * The arguments of each operation, as the `soap` package parses them from the body: one element gives a value,
 * repeated elements an array, an element with attributes `{ attributes, $value }`, an element with xsi:nil
 * nothing at all. Anything else (a repeated single value, markup where text belongs) is refused by name.
 */
const text = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && "$value" in v ? (v as { $value: unknown }).$value : v),
  z.string({ error: (issue) => (issue.input === undefined ? "required" : "expected text") }),
);
const optionalText = z.preprocess((v) => (v === null ? undefined : v), text.optional());
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(10_000));
const claim = z.object({ claimURI: text, value: optionalText });
const permission = z.object({ resourceId: text, action: optionalText });

export const ARGUMENTS = {
  addUser: z.object({
    userName: text,
    credential: optionalText,
    roleList: list(text),
    claims: list(claim),
    profileName: optionalText,
    requirePasswordChange: z.boolean().optional(),
  }),
  deleteUser: z.object({ userName: text }),
  isExistingUser: z.object({ userName: text }),
  updateCredentialByAdmin: z.object({ userName: text, newCredential: text }),
  setUserClaimValues: z.object({ userName: text, claims: list(claim), profileName: optionalText }),
  deleteUserClaimValues: z.object({ userName: text, claims: list(text), profileName: optionalText }),
  getUserClaimValues: z.object({ userName: text, profileName: optionalText }),
  addRole: z.object({ roleName: text, userList: list(text), permissions: list(permission) }),
  deleteRole: z.object({ roleName: text }),
  isExistingRole: z.object({ roleName: text }),
  updateRoleListOfUser: z.object({ userName: text, deletedRoles: list(text), newRoles: list(text) }),
} satisfies Record<OperationName, z.ZodType>;

export type Arguments<O extends OperationName> = z.output<(typeof ARGUMENTS)[O]>;
