import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ConsoleClient } from "../support/console-client";
import { fetchAdminApi } from "../support/admin-api-contract";
import { basicAuth } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

const USERS = "/api/server/v1/users";

describe.each(DIALECTS)("the users list's search, sorting and bulk actions on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;
  const ids = new Map<string, string>();

  const create = async (userName: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.fetch(USERS, { method: "POST", json: { domain: "PRIMARY", userName, ...extra } });
    expect(res.status, await res.clone().text()).toBe(201);
    ids.set(userName, (await res.json()).id);
  };
  const names = async (query: string) => {
    const res = await admin.fetch(`${USERS}?${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()).items as { userName: string }[]).map((u) => u.userName);
  };
  const batch = (body: unknown, client = admin) => client.fetch(`${USERS}/batch`, { method: "POST", json: body });

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    await create("List.Kim", { displayName: "Kim Lee", email: "kim.lee@corp.example" });
    await create("list.ana", { displayName: "Ana Ortiz", email: "ana@corp.example" });
    await create("list_under", { displayName: "Underscore" });
    await create("listXunder", { displayName: "Not an underscore" });
    await create("other.bob", { displayName: "Bob List", email: "list.bob@corp.example" });
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  it("finds users whose user name, display name or email starts with the term, in any case", async () => {
    expect(await names("search=LIST.")).toEqual(["list.ana", "List.Kim", "other.bob"]);
    expect(await names("search=kim lee")).toEqual(["List.Kim"]);
    expect(await names("search=ana@corp")).toEqual(["list.ana"]);
    // the middle of a value does not match; LIKE's wildcards are taken literally
    expect(await names("search=corp.example")).toEqual([]);
    expect(await names("search=list_")).toEqual(["list_under"]);
    expect(await names("search=%25")).toEqual([]);
  });

  it("sorts by user name, display name or creation, either way, and ignores an unknown sort", async () => {
    // other.bob is found by its email, list.bob@…
    expect(await names("search=list&sortBy=userName&sortOrder=descending")).toEqual(["other.bob", "listXunder", "list_under", "List.Kim", "list.ana"]);
    expect(await names("search=list&sortBy=displayName")).toEqual(["list.ana", "other.bob", "List.Kim", "listXunder", "list_under"]);
    expect(await names("search=list&sortBy=createdAt&sortOrder=descending")).toEqual(["other.bob", "listXunder", "list_under", "list.ana", "List.Kim"]);
    expect(await names("search=list&sortBy=password&sortOrder=sideways")).toEqual(["list.ana", "List.Kim", "list_under", "listXunder", "other.bob"]);
    expect(await names("search=list&sortBy=userName&count=2&startIndex=3")).toEqual(["list_under", "listXunder"]);
  });

  it("disables, enables and deletes several users, each reported, one refusal not stopping the others", async () => {
    const { user: me } = (await (await admin.fetch("/api/auth/session")).json()) as { user: { id: string } };
    const chosen = [ids.get("list_under")!, ids.get("listXunder")!];

    const disabled = await batch({ action: "disable", ids: [...chosen, me.id] });
    expect(disabled.status).toBe(200);
    expect((await disabled.json()).results).toEqual([
      { id: chosen[0], userName: "list_under", status: "done", outboundFailures: [], outboundResults: [] },
      { id: chosen[1], userName: "listXunder", status: "done", outboundFailures: [], outboundResults: [] },
      { id: me.id, status: "failed", message: "You cannot disable the account you are signed in with", outboundFailures: [], outboundResults: [] },
    ]);
    const read = async (id: string) => (await (await admin.fetch(`${USERS}/${id}`)).json()) as { active: boolean };
    expect((await read(chosen[0]!)).active).toBe(false);
    expect((await read(me.id)).active).toBe(true);

    const again = await (await batch({ action: "disable", ids: [chosen[0]] })).json();
    expect(again.results[0].status).toBe("unchanged");
    const enabled = await (await batch({ action: "enable", ids: chosen })).json();
    expect(enabled.results.map((r: { status: string }) => r.status)).toEqual(["done", "done"]);
    expect((await read(chosen[1]!)).active).toBe(true);

    const deleted = await (await batch({ action: "delete", ids: [...chosen, "no-such-user", me.id] })).json();
    expect(deleted.results.map((r: { status: string; message?: string }) => [r.status, r.message])).toEqual([
      ["done", undefined],
      ["done", undefined],
      ["failed", "User not found"],
      ["failed", "You cannot delete the account you are signed in with"],
    ]);
    expect(await names("search=list_")).toEqual([]);
    // audited like single deletes
    expect(await (await admin.fetch(`${USERS}/${chosen[0]}`)).status).toBe(404);
  });

  it("answers a bad batch with a clear 400, and deleting without the delete permission with 403", async () => {
    for (const [body, message] of [
      [{ action: "archive", ids: ["x"] }, /action/],
      [{ action: "delete", ids: [] }, /at least one user/],
      [{ action: "delete", ids: ["a", "a"] }, /listed twice/],
      [{ action: "delete", ids: Array.from({ length: 201 }, (_, i) => `u${i}`) }, /At most 200/],
      [[], /Invalid input|expected object/],
    ] as const) {
      const res = await batch(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }

    // an operator who may update users but not delete them
    await create("list.operator", { password: "operator-pass-1" });
    const role = await admin.fetch("/api/server/v1/roles", {
      method: "POST",
      json: { name: `list-operators-${dialect}`, permissions: ["internal_user_mgt_list", "internal_user_mgt_view", "internal_user_mgt_update"], userIds: [ids.get("list.operator")] },
    });
    expect(role.status, await role.clone().text()).toBe(201);
    const asOperator = (body: unknown) =>
      fetchAdminApi(`${server.baseUrl}${USERS}/batch`, {
        method: "POST",
        headers: { authorization: basicAuth({ user: "list.operator", password: "operator-pass-1" }), "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refused = await asOperator({ action: "delete", ids: [ids.get("list.ana")] });
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/internal_user_mgt_delete/);
    expect(await names("search=list.ana")).toEqual(["list.ana"]);
    const allowed = await asOperator({ action: "disable", ids: [ids.get("list.ana")] });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).results[0].status).toBe("done");
  });
});
