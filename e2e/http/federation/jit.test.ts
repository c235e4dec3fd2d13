import { beforeEach, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { OAuthBrowser, describeLanding } from "../../support/oauth-browser";
import { authorizationRequest, createFederatedConnection, expectFailurePage, promptTicket, signInThrough, subjectAtApplication, unique, useFederationWorld } from "./setup";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe.each(DIALECTS)("federated sign-in with JIT provisioning on %s", (dialect) => {
  const world = useFederationWorld(dialect);
  beforeEach(() => {
    world.idp.misbehave = {};
  });

  const userCount = async () => (await world.a.admin.scim("GET", "/Users?count=0")).body.totalResults as number;
  const adminUser = async (id: string) => {
    const res = await world.a.admin.api("GET", `/api/server/v1/users/${id}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it("creates the user silently from the identity provider's claims and signs it in to the application", async () => {
    const connection = await createFederatedConnection(world, {
      claims: { userIdClaim: { uri: "sub" }, mappings: [{ idpClaim: "dept", localClaim: { uri: `${ENTERPRISE}:department` } }] },
      provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY", userstore: "PRIMARY" } },
    });
    const name = unique("kim.");
    world.idp.profile = { sub: `idp-${name}`, preferred_username: name, given_name: "Kim", family_name: "Lee", email: `${name}@idp.example`, dept: "R&D" };
    const { browser, request, landing } = await signInThrough(world, connection.id);
    const subject = await subjectAtApplication(world, browser, landing, request);

    const user = await adminUser(subject);
    expect(user).toMatchObject({
      userName: name,
      name: { givenName: "Kim", familyName: "Lee" },
      emails: [{ value: `${name}@idp.example`, primary: true }],
      enterprise: { department: "R&D" },
      source: "jit",
      sourceConnection: connection.id,
      sourceSubject: `idp-${name}`,
      hasPassword: false,
    });

    // the next sign-in is the same user, with what changed at the identity provider and nothing it stopped sending lost
    world.idp.profile = { sub: `idp-${name}`, preferred_username: name, given_name: "Kimberly", email: `${name}@idp.example` };
    const again = await signInThrough(world, connection.id);
    expect(await subjectAtApplication(world, again.browser, again.landing, again.request)).toBe(subject);
    expect(await adminUser(subject)).toMatchObject({ name: { givenName: "Kimberly", familyName: "Lee" }, enterprise: { department: "R&D" } });
  });

  it("refuses every answer it cannot trust, on a clear page, with nothing created", async () => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY" } } });
    const cases: Array<[string, () => void, string]> = [
      ["an error from the identity provider", () => (world.idp.misbehave = { authorizeError: "access_denied" }), "idp_error"],
      ["an ID token signed with a key the JWKS does not publish", () => (world.idp.misbehave = { foreignKey: true }), "invalid_id_token"],
      ["another issuer", () => (world.idp.misbehave = { issuer: "https://evil.example" }), "invalid_id_token"],
      ["another audience", () => (world.idp.misbehave = { audience: "someone-else" }), "invalid_id_token"],
      ["an expired ID token", () => (world.idp.misbehave = { expired: true }), "invalid_id_token"],
      ["a nonce of its own", () => (world.idp.misbehave = { nonce: "replayed-nonce" }), "invalid_id_token"],
      ["no subject", () => (world.idp.misbehave = { noSubject: true }), "invalid_id_token"],
      ["an expired or replayed code", () => (world.idp.misbehave = { tokenError: "invalid_grant" }), "token_rejected"],
      ["a token endpoint that fails", () => (world.idp.misbehave = { tokenDown: true }), "idp_unreachable"],
    ];
    for (const [what, misbehave, reason] of cases) {
      const before = await userCount();
      world.idp.profile = { sub: unique("bad-"), preferred_username: unique("bad.") };
      misbehave();
      const { landing } = await signInThrough(world, connection.id);
      expectFailurePage(landing, reason);
      expect(await userCount(), what).toBe(before);
      expect(world.a.server.logs(), what).toContain(`"reason":"${reason}"`);
    }
  });

  it("refuses a sign-in without a claim the connection requires", async () => {
    const connection = await createFederatedConnection(world, {
      claims: { mappings: [{ idpClaim: "employee_id", localClaim: { uri: `${ENTERPRISE}:employeeNumber` }, required: true }] },
      provisioning: { jit: { isEnabled: true } },
    });
    const before = await userCount();
    world.idp.profile = { sub: unique("req-"), preferred_username: unique("req.") };
    expectFailurePage((await signInThrough(world, connection.id)).landing, "missing_claim");
    expect(await userCount()).toBe(before);
    world.idp.profile = { ...world.idp.profile, employee_id: "E-7" };
    const flow = await signInThrough(world, connection.id);
    expect(await adminUser(await subjectAtApplication(world, flow.browser, flow.landing, flow.request))).toMatchObject({ enterprise: { employeeNumber: "E-7" } });
  });

  it("refuses a callback replayed, or brought to another browser", async () => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY" } } });
    world.idp.profile = { sub: unique("replay-"), preferred_username: unique("replay.") };
    // the callback URL, caught on its way back from the identity provider
    const thief = new OAuthBrowser();
    const victim = new OAuthBrowser();
    const req = await authorizationRequest(world);
    const signin = await victim.open(req.url);
    if (signin.kind !== "signin") throw new Error(describeLanding(signin));
    const toIdp = await victim.request(new URL(`/commonauth/start?connection=${connection.id}&interaction=${signin.interaction}`, world.a.server.baseUrl));
    const idpAnswer = await fetch(toIdp.headers.get("location")!, { redirect: "manual" });
    const callback = new URL(idpAnswer.headers.get("location")!);
    expect(callback.pathname).toBe("/commonauth");

    const before = await userCount();
    expectFailurePage(await thief.navigate(callback), "state_mismatch");
    expect(await userCount()).toBe(before);
    // the right browser finishes; the same answer a second time is refused
    const finished = await victim.navigate(callback);
    expect(finished.kind === "consent" || finished.kind === "callback", describeLanding(finished)).toBe(true);
    expectFailurePage(await victim.navigate(callback), "state_mismatch");
  });

  it("prompts for a user name, password and consent, validating each answer", async () => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme: "PROMPT_USERNAME_PASSWORD_CONSENT" } } });
    const taken = unique("taken.");
    expect((await world.a.admin.scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: taken })).status).toBe(201);
    world.idp.profile = { sub: unique("prompt-"), preferred_username: unique("proposed."), given_name: "Pat", email: "pat@idp.example" };
    const { browser, request, landing } = await signInThrough(world, connection.id);
    const ticket = promptTicket(landing);
    if (landing.kind !== "page") throw new Error("not a page");
    expect(landing.body).toContain('name="userName"');
    expect(landing.body).toContain('name="password"');
    expect(landing.body).toContain('name="consent"');
    const before = await userCount();
    const submit = (form: Record<string, string>) => browser.navigate(new URL("/commonauth/prompt", world.a.server.baseUrl), { ticket, ...form });

    const noConsent = await submit({ userName: unique("chosen."), password: "long enough 1" });
    expect(noConsent.url.pathname).toBe("/signin/federated");
    expect(noConsent.url.searchParams.get("field")).toBe("consent");
    const nameTaken = await submit({ userName: taken, password: "long enough 1", consent: "on" });
    expect(nameTaken.url.searchParams.get("field")).toBe("userName");
    const shortPassword = await submit({ userName: unique("chosen."), password: "abc", consent: "on" });
    expect(shortPassword.url.searchParams.get("field")).toBe("password");
    expect(await userCount()).toBe(before);

    const chosen = unique("chosen.");
    const done = await submit({ userName: chosen, password: "long enough 1", consent: "on" });
    const subject = await subjectAtApplication(world, browser, done, request);
    expect(await adminUser(subject)).toMatchObject({ userName: chosen, hasPassword: true, name: { givenName: "Pat" }, source: "jit", sourceConnection: connection.id });
    // the chosen password signs in locally too
    const local = await world.a.admin.as({ user: chosen, password: "long enough 1" }).scim("GET", "/Me");
    expect(local.status).not.toBe(401);
    // the form cannot be sent twice
    expectFailurePage(await submit({ userName: unique("again."), password: "long enough 1", consent: "on" }), "state_mismatch");
  });

  it.each([
    ["PROMPT_PASSWORD_CONSENT", { userName: false, password: true }],
    ["PROMPT_CONSENT", { userName: false, password: false }],
  ] as const)("%s asks only what the scheme says and keeps the user name the identity provider sends", async (scheme, asks) => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme } } });
    const proposed = unique("Sent.Name.");
    world.idp.profile = { sub: unique("s-"), preferred_username: proposed };
    const { browser, request, landing } = await signInThrough(world, connection.id);
    const ticket = promptTicket(landing);
    if (landing.kind !== "page") throw new Error("not a page");
    expect(landing.body.includes('name="userName"')).toBe(asks.userName);
    expect(landing.body.includes('name="password"')).toBe(asks.password);
    const done = await browser.navigate(new URL("/commonauth/prompt", world.a.server.baseUrl), { ticket, consent: "on", ...(asks.password ? { password: "long enough 1" } : {}) });
    const subject = await subjectAtApplication(world, browser, done, request);
    expect(await adminUser(subject)).toMatchObject({ userName: proposed, hasPassword: asks.password });
  });

  it("links an existing local user only on a verified email", async () => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY", associateLocalUser: true } } });
    const email = `${unique("link.")}@corp.example`;
    const local = await world.a.admin.scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: unique("local."), emails: [{ value: email, primary: true }] });
    expect(local.status).toBe(201);

    world.idp.profile = { sub: unique("unverified-"), preferred_username: unique("other."), email, email_verified: false };
    let flow = await signInThrough(world, connection.id);
    const unverified = await subjectAtApplication(world, flow.browser, flow.landing, flow.request);
    expect(unverified).not.toBe(local.body.id);

    // (the silent scheme created a user of its own, with the same address: an address two users share links neither)
    const email2 = `${unique("link.")}@corp.example`;
    const local2 = await world.a.admin.scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: unique("local."), emails: [{ value: email2, primary: true }] });
    world.idp.profile = { sub: unique("verified-"), preferred_username: unique("other."), email: email2.toUpperCase(), email_verified: true };
    flow = await signInThrough(world, connection.id);
    expect(await subjectAtApplication(world, flow.browser, flow.landing, flow.request)).toBe(local2.body.id);
  });

  it("fails silent JIT with a clear page when the user name is taken, and without JIT signs in no unlinked identity", async () => {
    const silent = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY" } } });
    const taken = unique("occupied.");
    expect((await world.a.admin.scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: taken })).status).toBe(201);
    world.idp.profile = { sub: unique("t-"), preferred_username: taken };
    expectFailurePage((await signInThrough(world, silent.id)).landing, "user_name_taken");

    const noJit = await createFederatedConnection(world);
    world.idp.profile = { sub: unique("n-"), preferred_username: unique("nojit.") };
    const before = await userCount();
    expectFailurePage((await signInThrough(world, noJit.id)).landing, "no_account");
    expect(await userCount()).toBe(before);
  });

  it("maps roles from the identity provider's groups and keeps roles added locally", async () => {
    const roleName = unique("Engineers");
    const role = await world.a.admin.scim("POST", "/Roles", { schemas: ["urn:ietf:params:scim:schemas:extension:2.0:Role"], displayName: roleName });
    expect(role.status, role.text).toBe(201);
    const connection = await createFederatedConnection(world, {
      claims: { roleClaim: { uri: "groups" } },
      roles: { mappings: [{ idpRole: "eng", localRole: roleName }] },
      provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY" } },
    });
    world.idp.profile = { sub: unique("r-"), preferred_username: unique("roles."), groups: ["eng", "other"] };
    let flow = await signInThrough(world, connection.id);
    const subject = await subjectAtApplication(world, flow.browser, flow.landing, flow.request);
    const holders = async () => ((await world.a.admin.scim("GET", `/Roles/${role.body.id}`)).body.users ?? []).map((u: { value: string }) => u.value);
    expect(await holders()).toContain(subject);
    const localRole = await world.a.admin.scim("POST", "/Roles", { schemas: ["urn:ietf:params:scim:schemas:extension:2.0:Role"], displayName: unique("Added here"), users: [{ value: subject }] });
    expect(localRole.status, localRole.text).toBe(201);

    // the group is gone at the identity provider: the mapped role goes at the next sign-in
    world.idp.profile = { ...world.idp.profile, groups: ["other"] };
    flow = await signInThrough(world, connection.id);
    await subjectAtApplication(world, flow.browser, flow.landing, flow.request);
    expect(await holders()).not.toContain(subject);
    const localHolders = (await world.a.admin.scim("GET", `/Roles/${localRole.body.id}`)).body.users.map((u: { value: string }) => u.value);
    expect(localHolders).toContain(subject);
  });

  it("synchronises attributes at later sign-ins as the connection says: preserve local, none, override with exceptions", async () => {
    const connection = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true, attributeSyncMethod: "PRESERVE_LOCAL" } } });
    const sub = unique("sync-");
    world.idp.profile = { sub, preferred_username: unique("sync."), given_name: "First", family_name: "Family" };
    let flow = await signInThrough(world, connection.id);
    const id = await subjectAtApplication(world, flow.browser, flow.landing, flow.request);
    const patched = await world.a.admin.scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "name.givenName", value: "Edited here" }],
    });
    expect(patched.status, patched.text).toBe(200);
    const signInAgain = async (profile: Record<string, unknown>) => {
      world.idp.profile = { sub, ...profile };
      flow = await signInThrough(world, connection.id);
      expect(await subjectAtApplication(world, flow.browser, flow.landing, flow.request)).toBe(id);
      return adminUser(id);
    };

    expect(await signInAgain({ given_name: "From IdP", family_name: "Changed", name: "Display From IdP" })).toMatchObject({
      name: { givenName: "Edited here", familyName: "Family" },
      displayName: "Display From IdP",
    });
    await world.a.admin.api("PUT", `/api/server/v1/identity-providers/${connection.id}/provisioning/jit`, { isEnabled: true, attributeSyncMethod: "NONE" });
    expect(await signInAgain({ given_name: "Ignored", name: "Ignored too" })).toMatchObject({ name: { givenName: "Edited here" }, displayName: "Display From IdP" });
    await world.a.admin.api("PUT", `/api/server/v1/identity-providers/${connection.id}/provisioning/jit`, {
      isEnabled: true,
      attributeSyncMethod: "OVERRIDE_ALL",
      attributeSyncExceptions: ["name.familyName"],
    });
    expect(await signInAgain({ given_name: "Overridden", family_name: "Kept local" })).toMatchObject({
      name: { givenName: "Overridden", familyName: "Family" },
      displayName: "Display From IdP",
    });
  });

  it("goes straight to the identity provider for a home realm hint", async () => {
    const connection = await createFederatedConnection(world, { homeRealmId: unique("realm-"), provisioning: { jit: { isEnabled: true } } });
    const detail = await world.a.admin.api("GET", `/api/server/v1/identity-providers/${connection.id}`);
    world.idp.profile = { sub: unique("h-"), preferred_username: unique("home.") };
    const request = await authorizationRequest(world, { fidp: detail.body.homeRealmId });
    const browser = new OAuthBrowser();
    const landing = await browser.open(request.url);
    expect(landing.kind === "consent" || landing.kind === "callback", describeLanding(landing)).toBe(true);
    expect(await subjectAtApplication(world, browser, landing, request)).toEqual(expect.any(String));
  });
});
