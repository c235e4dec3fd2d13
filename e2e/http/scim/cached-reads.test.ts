import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, type Json } from "../../support/scim-client";
import { freshPostgresDatabase } from "../databases";
import { createGroup, createUser, expectScim, expectScimError, patchBody, q, unique } from "./setup";

// Two instances on one PostgreSQL database: each keeps the users it serialised, and neither may serve a user
// the other has changed since, whatever the change (the user itself, its groups, a group's name, a deletion).
describe("SCIM reads served from an instance's cache, with a second instance writing", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let readerA: ScimClient;
  let writerB: ScimClient;

  beforeAll(async () => {
    const databaseUrl = await freshPostgresDatabase();
    a = await startProvisio({ databaseUrl });
    b = await startProvisio({ databaseUrl });
    readerA = new ScimClient(a.baseUrl);
    writerB = new ScimClient(b.baseUrl);
  });
  afterAll(() => stopAndRemove(a, b));

  /** Reads the user on A three ways (by id, by filter, in a sorted page), each twice so the second comes from the cache. */
  async function readOnA(id: string, userName: string): Promise<Json[]> {
    const seen: Json[] = [];
    for (let i = 0; i < 2; i++) {
      const byId = await readerA.scim("GET", `/Users/${id}`);
      expectScim(byId, 200);
      expect(byId.headers.get("etag")).toBe(byId.body.meta.version);
      const byFilter = await readerA.scim("GET", `/Users?filter=${q(`userName eq "${userName}"`)}`);
      expectScim(byFilter, 200);
      const page = await readerA.scim("GET", `/Users?sortBy=userName&count=100&filter=${q(`userName sw "${userName}"`)}`);
      expectScim(page, 200);
      seen.push(byId.body, byFilter.body.Resources[0], page.body.Resources[0]);
    }
    for (const user of seen) expect(user).toEqual(seen[0]);
    return seen;
  }

  it("serves what the other instance wrote last: the user, its groups, a group's name, then the deletion", async () => {
    const userName = unique("cached.reader");
    const user = await createUser(writerB, userName, { displayName: "First" });
    let [current] = await readOnA(user.id, userName);
    expect(current.displayName).toBe("First");
    expect(current.groups).toBeUndefined();

    expectScim(await writerB.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "Second" })), 200);
    [current] = await readOnA(user.id, userName);
    expect(current.displayName).toBe("Second");
    expect(current.meta.version).toBe('W/"2"');

    const group = await createGroup(writerB, unique("cached.group"), [user.id]);
    [current] = await readOnA(user.id, userName);
    expect(current.groups.map((g: Json) => [g.value, g.display])).toEqual([[group.id, group.displayName]]);

    const renamed = unique("renamed.group");
    expect((await writerB.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "replace", path: "displayName", value: renamed }))).status).toBe(204);
    [current] = await readOnA(user.id, userName);
    expect(current.groups.map((g: Json) => g.display)).toEqual([renamed]);

    expect((await writerB.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "remove", path: `members[value eq "${user.id}"]` }))).status).toBe(204);
    [current] = await readOnA(user.id, userName);
    expect(current.groups).toBeUndefined();
    // the user's own version is unchanged by group changes: the ETag still names version 2
    expect(current.meta.version).toBe('W/"2"');

    expect((await writerB.scim("DELETE", `/Users/${user.id}`)).status).toBe(204);
    expectScimError(await readerA.scim("GET", `/Users/${user.id}`), 404);
    const byFilter = await readerA.scim("GET", `/Users?filter=${q(`userName eq "${userName}"`)}`);
    expect(byFilter.body.totalResults).toBe(0);
  });

  it("answers projections and If-None-Match from a cached user as from a fresh one", async () => {
    const userName = unique("cached.projection");
    const user = await createUser(writerB, userName, { displayName: "Shown", title: "Hidden", emails: [{ value: "p@example.com", type: "work" }] });
    await readOnA(user.id, userName);
    const only = await readerA.scim("GET", `/Users/${user.id}?attributes=displayName,emails.value`);
    expect(only.body).toEqual({ schemas: user.schemas, id: user.id, displayName: "Shown", emails: [{ value: "p@example.com" }] });
    const without = await readerA.scim("GET", `/Users/${user.id}?excludedAttributes=title,meta`);
    expect(without.body.title).toBeUndefined();
    expect(without.body.meta).toBeUndefined();
    expect(without.body.displayName).toBe("Shown");
    const listed = await readerA.scim("GET", `/Users?filter=${q(`userName eq "${userName}"`)}&attributes=userName`);
    expect(listed.body.Resources).toEqual([{ schemas: user.schemas, id: user.id, userName }]);

    expect((await readerA.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": 'W/"1"' })).status).toBe(304);
    expectScim(await writerB.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "Changed" })), 200);
    const changed = await readerA.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": 'W/"1"' });
    expectScim(changed, 200);
    expect(changed.body.title).toBe("Changed");
    expect(changed.headers.get("etag")).toBe('W/"2"');
  });
});
