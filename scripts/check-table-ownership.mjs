// Every table belongs to one store, and only that store's files may name it in SQL; the rest of the code calls
// the store's functions. Run by `npm run lint`, so a query that reaches into another store's table fails CI.
// Tables are read from prisma/schema.prisma, SQL from the string and template literals of every product source file
// (parsed with the TypeScript compiler, not matched line by line).
import ts from "typescript";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

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
  connections: { owners: ["lib/provisioning/connections.ts", "lib/provisioning/provisioners.ts"], tables: ["Connection", "Connector", "ConnectionRole", "OutboundProvisioner"] },
  outbox: { owners: ["lib/provisioning/outbox/"], tables: ["OutboxEvent", "TargetPause", "RemoteMapping", "ProvisioningAttempt"] },
};

const SOURCE_DIRS = ["lib", "app", "components"];
const SQL_WORDS = /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\b/;

function sourceFiles() {
  const files = [join(root, "server.ts")];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "generated" || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return files;
}

/** The text of every string and template literal that reads as SQL, with its line. */
function sqlTexts(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    let text;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ? ");
    if (text !== undefined && SQL_WORDS.test(text)) out.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export function checkTableOwnership() {
  const models = [...readFileSync(join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+)/gm)].map((m) => m[1]);
  const ownerOf = new Map();
  for (const [store, { owners, tables }] of Object.entries(STORES)) for (const t of tables) ownerOf.set(t, { store, owners });
  const problems = models.filter((m) => !ownerOf.has(m)).map((m) => `prisma/schema.prisma: table "${m}" belongs to no store (add it to STORES in scripts/check-table-ownership.mjs)`);
  for (const file of sourceFiles()) {
    const path = relative(root, file).split("\\").join("/");
    for (const { text, line } of sqlTexts(file)) {
      for (const [, table] of text.matchAll(/"(\w+)"/g)) {
        const owner = ownerOf.get(table);
        if (!owner || owner.owners.some((o) => (o.endsWith("/") ? path.startsWith(o) : path === o))) continue;
        problems.push(`${path}:${line}: names table "${table}" of the ${owner.store} store; call a function of ${owner.owners.join(" or ")} instead`);
      }
    }
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
