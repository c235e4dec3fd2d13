import type { SqlExecutor } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { config } from "../env.ts";
import { listCustomAttributes, type CustomAttribute } from "../identity/custom-attributes.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import { userStamps } from "../identity/users/user-stamps.ts";
import type { SchemaRegistry } from "../scim/schema/registry.ts";
import { project, type ProjectionOptions } from "../scim/projection/project.ts";
import { ByteLru } from "./byte-lru.ts";
import { toScimUser } from "./user-resource.ts";

/**
 * Users as SCIM JSON, serialised once per version and reused. Every read still asks the database for the
 * users' stamps (their version and their groups' versions, one indexed statement), and an entry is served only
 * when its stamp is the one just read: an instance never serves a user that another instance sharing the
 * database has changed since. What the database is not asked — the custom attribute definitions and the base
 * URL — is part of the entry's variant.
 */
interface CachedUser {
  stamp: string;
  variant: string;
  version: number;
  /** the default representation (no attributes/excludedAttributes) */
  json: string;
  /** the resource before projection, when the default representation leaves something out */
  full?: string;
}

/** One user as served: its version (for the ETag) and its representation, serialised. */
export interface SerialisedUser {
  id: string;
  version: number;
  json: string;
}

// a string's characters take two bytes (V8 keeps most as one, so this errs on the large side), plus the entry
const entryBytes = (e: CachedUser) => 2 * (e.json.length + (e.full?.length ?? 0) + e.stamp.length + e.variant.length) + 200;

const cacheIn = (exec: SqlExecutor) => cacheOf(exec.state, "scim-user-json", () => new ByteLru<CachedUser>(config().scimCacheBytes));

const definitionKeys = new WeakMap<CustomAttribute[], string>();
function definitionsKey(defs: CustomAttribute[]): string {
  let key = definitionKeys.get(defs);
  if (key === undefined) {
    key = JSON.stringify(defs);
    definitionKeys.set(defs, key);
  }
  return key;
}

const hasProjection = (options: ProjectionOptions) => Boolean(options.attributes?.length || options.excludedAttributes?.length);

function serialise(entry: CachedUser, registry: SchemaRegistry, options: ProjectionOptions): string {
  if (!hasProjection(options)) return entry.json;
  return JSON.stringify(project(JSON.parse(entry.full ?? entry.json) as Record<string, unknown>, registry, options));
}

/**
 * These users (those that exist), in the order given, each serialised with the projection asked for: from the
 * cache when its stamp is current, otherwise loaded in one statement and kept for the next reads.
 */
export async function serialisedUsers(exec: SqlExecutor, ids: string[], baseUrl: string, registry: SchemaRegistry, options: ProjectionOptions): Promise<SerialisedUser[]> {
  const [stamps, defs] = await Promise.all([userStamps(exec, ids), listCustomAttributes(exec)]);
  const cache = cacheIn(exec);
  const variant = `${baseUrl}\n${definitionsKey(defs)}`;
  const found = new Map<string, CachedUser>();
  const missing: string[] = [];
  for (const id of ids) {
    const stamp = stamps.get(id);
    if (stamp === undefined) continue;
    const entry = cache.maxBytes > 0 ? cache.get(id) : undefined;
    if (entry !== undefined && entry.stamp === stamp.stamp && entry.variant === variant) found.set(id, entry);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const user of await loadUsers(exec, missing, { groups: true, stamps: true })) {
      const resource = toScimUser(user, baseUrl);
      const full = JSON.stringify(resource);
      const json = JSON.stringify(project(resource, registry, {}));
      const entry: CachedUser = { stamp: user.stamp ?? "", variant, version: user.version, json, ...(json === full ? {} : { full }) };
      found.set(user.id, entry);
      if (cache.maxBytes > 0) cache.set(user.id, entry, entryBytes(entry));
    }
  }
  const out: SerialisedUser[] = [];
  for (const id of ids) {
    const entry = found.get(id);
    if (entry !== undefined) out.push({ id, version: entry.version, json: serialise(entry, registry, options) });
  }
  return out;
}
