import type { Db, Tx } from "../../db/client.ts";
import { IdentityError } from "../errors.ts";
import { toUserView, userRowInclude, type UserView } from "./user-view.ts";

export async function findUser(client: Db | Tx, id: string): Promise<UserView | null> {
  const row = await client.user.findUnique({ where: { id }, include: userRowInclude });
  return row ? toUserView(row) : null;
}

export async function getUser(client: Db | Tx, id: string): Promise<UserView> {
  const user = await findUser(client, id);
  if (!user) throw IdentityError.notFound("User");
  return user;
}
