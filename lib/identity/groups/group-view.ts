import { qualifyName } from "../qualified-name.ts";
import { asDate } from "../../db/values.ts";

export interface GroupView {
  id: string;
  displayName: string;
  domain: string;
  externalId: string | null;
  /** -1 when not counted */
  memberCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** With the member count, for the console; counting a 100,000-member group costs milliseconds, so SCIM skips it. */
export const groupSelect = (countMembers: boolean) =>
  `SELECT g.*, s."domain"${countMembers ? `, (SELECT COUNT(*) FROM "GroupMember" m WHERE m."groupId" = g."id") AS "memberCount"` : ""}
  FROM "Group" g JOIN "UserStore" s ON s."id" = g."storeId"`;

export function toGroupView(row: Record<string, unknown>): GroupView {
  return {
    id: String(row.id),
    displayName: qualifyName(String(row.domain), String(row.displayName)),
    domain: String(row.domain),
    externalId: row.externalId === null || row.externalId === undefined ? null : String(row.externalId),
    memberCount: row.memberCount === undefined ? -1 : Number(row.memberCount),
    version: Number(row.version),
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
  };
}
