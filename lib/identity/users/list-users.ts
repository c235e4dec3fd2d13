import type { Db } from "../../db/client.ts";
import { normaliseKey } from "../qualified-name.ts";
import { toUserView, userRowInclude, type UserView } from "./user-view.ts";

export interface ListQuery {
  /** case-insensitive substring of userName, display name or an email */
  search?: string;
  domain?: string;
  /** 1-based, as SCIM */
  startIndex?: number;
  count?: number;
}

export interface Page<T> {
  totalResults: number;
  startIndex: number;
  items: T[];
}

export const MAX_PAGE = 200;

export async function listUsers(client: Db, query: ListQuery): Promise<Page<UserView>> {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_PAGE, Math.max(0, query.count ?? 20));
  const term = query.search?.trim() ? normaliseKey(query.search.trim()) : undefined;
  const where = {
    ...(query.domain ? { store: { domain: query.domain.toUpperCase() } } : {}),
    ...(term
      ? {
          OR: [
            { userNameKey: { contains: term } },
            { displayNameKey: { contains: term } },
            { values: { some: { attribute: "emails", valueKey: { contains: term } } } },
          ],
        }
      : {}),
  };
  const [totalResults, rows] = await Promise.all([
    client.user.count({ where }),
    client.user.findMany({ where, include: userRowInclude, orderBy: [{ userNameKey: "asc" }, { id: "asc" }], skip: startIndex - 1, take: count }),
  ]);
  return { totalResults, startIndex, items: rows.map((r) => toUserView(r)) };
}
