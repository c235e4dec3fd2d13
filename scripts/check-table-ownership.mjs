// Every table belongs to one store, and only that store's files may name it in SQL; the rest of the code calls
// the store's functions. Run by `npm run lint`, so a query that reaches into another store's table fails CI.
// Tables are read from prisma/schema.prisma, SQL from the string and template literals of every product source file
// (parsed with the TypeScript compiler, not matched line by line).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { root, sourceFiles, sqlTexts } from "./sql-texts.mjs";

/** store → the files (or folders, ending in /) that own it, and its tables */
export const STORES = {
  identity: {
    owners: [
      "lib/identity/users/",
      "lib/identity/groups/",
      "lib/identity/roles/",
      "lib/identity/query/",
      "lib/identity/user-stores.ts",
      "lib/identity/custom-attributes.ts",
      "lib/identity/custom-attribute-edits.ts",
      "lib/identity/permissions.ts",
      "lib/identity/changes.ts",
      "lib/identity/seed.ts",
    ],
    tables: ["UserStore", "User", "UserValue", "Group", "GroupMember", "Role", "RolePermission", "RoleUser", "RoleGroup", "SchemaAttribute"],
  },
  applications: { owners: ["lib/identity/applications.ts", "lib/identity/service-providers.ts"], tables: ["ServiceProvider"] },
  settings: { owners: ["lib/identity/settings.ts"], tables: ["Setting"] },
  audit: { owners: ["lib/identity/audit.ts"], tables: ["AuditEvent"] },
  oauth: { owners: ["lib/oauth/adapter.ts", "lib/oauth/keys.ts", "lib/oauth/revocations.ts"], tables: ["OidcPayload", "SigningKey", "TokenRevocation"] },
  sessions: { owners: ["lib/identity/users/console-sessions.ts", "lib/auth/sign-in-throttle.ts"], tables: ["UserSession", "SignInThrottle"] },
  connections: {
    owners: ["lib/provisioning/connections.ts", "lib/provisioning/connection-policy.ts", "lib/provisioning/provisioners.ts", "lib/federation/connection-federation.ts"],
    tables: ["Connection", "Connector", "ConnectionRole", "OutboundProvisioner"],
  },
  federation: { owners: ["lib/federation/links.ts", "lib/federation/sign-ins.ts"], tables: ["FederatedLink", "FederatedSignIn"] },
  outbox: { owners: ["lib/provisioning/outbox/"], tables: ["OutboxEvent", "TargetPause", "RemoteMapping", "ProvisioningAttempt", "ProvisioningHourlyTally"] },
};

const ownerOf = new Map(Object.entries(STORES).flatMap(([store, { owners, tables }]) => tables.map((t) => [t, { store, owners }])));

/** The tables one SQL text of the file at `path` names outside their store. */
export function foreignTables(path, text) {
  const foreign = [];
  for (const [, table] of text.matchAll(/"(\w+)"/g)) {
    const owner = ownerOf.get(table);
    if (!owner || owner.owners.some((o) => (o.endsWith("/") ? path.startsWith(o) : path === o))) continue;
    foreign.push(`names table "${table}" of the ${owner.store} store; call that store's functions (${owner.owners.join(", ")}) instead`);
  }
  return foreign;
}

export function checkTableOwnership() {
  const models = [...readFileSync(join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+)/gm)].map((m) => m[1]);
  const problems = models.filter((m) => !ownerOf.has(m)).map((m) => `prisma/schema.prisma: table "${m}" belongs to no store (add it to STORES in scripts/check-table-ownership.mjs)`);
  for (const file of sourceFiles()) {
    const path = relative(root, file).split("\\").join("/");
    for (const { text, line } of sqlTexts(file)) for (const p of foreignTables(path, text)) problems.push(`${path}:${line}: ${p}`);
  }
  return [...new Set(problems)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkTableOwnership();
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`\n${problems.length} quer${problems.length === 1 ? "y names a table" : "ies name tables"} outside the owning store`);
    process.exit(1);
  }
}
