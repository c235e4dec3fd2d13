import { qualifyName } from "../qualified-name.ts";

export interface GroupView {
  id: string;
  displayName: string;
  domain: string;
  externalId: string | null;
  memberCount: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const groupRowInclude = { store: { select: { domain: true } }, _count: { select: { members: true } } };

export function toGroupView(row: {
  id: string;
  displayName: string;
  store: { domain: string };
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  _count: { members: number };
}): GroupView {
  return {
    id: row.id,
    displayName: qualifyName(row.store.domain, row.displayName),
    domain: row.store.domain,
    externalId: row.externalId,
    memberCount: row._count.members,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
