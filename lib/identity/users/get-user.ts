import type { SqlExecutor } from "../../db/sql.ts";
import { IdentityError } from "../errors.ts";
import { loadUsers } from "./user-rows.ts";
import type { UserView } from "./user-view.ts";

export async function findUser(exec: SqlExecutor, id: string): Promise<UserView | undefined> {
  const [user] = await loadUsers(exec, [id], { groups: true });
  return user;
}

export async function getUser(exec: SqlExecutor, id: string): Promise<UserView> {
  const user = await findUser(exec, id);
  if (!user) throw IdentityError.notFound("User");
  return user;
}
