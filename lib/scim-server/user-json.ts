import type { SqlExecutor } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { config } from "../env.ts";
import { listCustomAttributes, type CustomAttribute } from "../identity/custom-attributes.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import { userStamps, type UserStamp } from "../identity/users/user-stamps.ts";
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

// V8 keeps a string of Latin-1 characters at one byte each, any other at two; plus the string's header
const stringBytes = (s: string) => (/[^\u0000-\u00ff]/.test(s) ? 2 : 1) * s.length + 16;
// the variant string is shared by the entries of one variant, so it is not counted per entry; the rest is the
// entry object and its slot in the map
const entryBytes = (e: CachedUser) => stringBytes(e.json) + (e.full === undefined ? 0 : stringBytes(e.full)) + stringBytes(e.stamp) + 120;

const cacheIn = (exec: SqlExecutor) => cacheOf(exec.state, "scim-user-json", () => new ByteLru<CachedUser>(config().scimCacheBytes));

// one string per base URL and list of definitions (the list is replaced when a definition changes), so that
// every entry of a variant shares it
const variants = new WeakMap<CustomAttribute[], Map<string, string>>();
function variantOf(baseUrl: string, defs: CustomAttribute[]): string {
  let byBase = variants.get(defs);
  if (byBase === undefined) {
    byBase = new Map();
    variants.set(defs, byBase);
  }
  let variant = byBase.get(baseUrl);
  if (variant === undefined) {
    variant = `${baseUrl}\n${JSON.stringify(defs)}`;
    // base URLs come from configuration; a bound keeps a misbehaving caller from growing the map
    if (byBase.size < 16) byBase.set(baseUrl, variant);
  }
  return variant;
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
export async function serialisedUsers(
  exec: SqlExecutor,
  ids: string[],
  baseUrl: string,
  registry: SchemaRegistry,
  options: ProjectionOptions,
  knownStamps?: Map<string, UserStamp>,
): Promise<SerialisedUser[]> {
  const [stamps, defs] = await Promise.all([knownStamps ?? userStamps(exec, ids), listCustomAttributes(exec)]);
  const cache = cacheIn(exec);
  const variant = variantOf(baseUrl, defs);
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
