import { z } from "zod";
import { groupFormSchema } from "../../console/user-form.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";
import { pageOf } from "./paging.ts";
import { outboundFailures, outboundResults } from "./users.ts";

describeFields(groupFormSchema.shape, { domain: "The user store domain, in any case", displayName: "Without the domain prefix" });

export const groupInput = named("GroupInput", groupFormSchema);

export const groupRename = named("GroupRename", z.object({ displayName: described(z.string(), "Without the domain prefix: the group stays in its user store") }));

export const memberChange = named("MemberChange", z.object({ userIds: z.array(z.string().min(1)).min(1, "Choose at least one user").max(1000) }));

export const group = named(
  "Group",
  z.strictObject({
    id: z.string(),
    displayName: described(z.string(), "DOMAIN/name, or the bare name in PRIMARY"),
    domain: z.string(),
    externalId: z.string().nullable(),
    memberCount: z.int(),
    version: z.int(),
    createdAt: instant(),
    updatedAt: instant(),
  }),
);

export const groupChange = named("GroupChange", group.extend({ outboundFailures, outboundResults }), "The saved group, with the failures of blocking outbound provisioners");

export const groupPage = named("GroupPage", pageOf(group));

export const membersAdded = named("MembersAdded", z.strictObject({ added: described(z.int(), "Users who were not members yet"), outboundFailures, outboundResults }));

export const membersRemoved = named("MembersRemoved", z.strictObject({ removed: described(z.int(), "Users who were members"), outboundFailures, outboundResults }));
