import type { z } from "zod";

/** The user as it was at the change, as every connector receives it: SCIM 2.0 core + enterprise attributes. */
export interface ProvisionedUser {
  id: string;
  /** qualified as the source shows it ("MYSQL/kim"); connectors strip or map the domain as configured */
  userName: string;
  externalId?: string | null;
  active: boolean;
  name?: { givenName?: string | null; familyName?: string | null; formatted?: string | null; middleName?: string | null };
  displayName?: string | null;
  title?: string | null;
  emails: { value?: string; type?: string; primary?: boolean }[];
  phoneNumbers: { value?: string; type?: string; primary?: boolean }[];
  enterprise?: { employeeNumber?: string | null; department?: string | null; organization?: string | null; costCenter?: string | null; division?: string | null };
  /** present only when the change carries a password and the connector provisions passwords */
  password?: string;
}

export interface ProvisionedGroup {
  id: string;
  displayName: string;
  /** remote ids of members already provisioned to this connector */
  memberRemoteIds: string[];
}

/** What a connector reports of one call, for the provisioning log (never secrets). */
export interface RemoteResult {
  remoteId?: string;
  httpStatus?: number;
  request: string;
  response: string;
  /**
   * What the target now holds of the attributes this connector sends (never a password): kept with the remote id
   * and handed back to the next `updateUser`, so an update sends only what changed since.
   */
  sentState?: Record<string, unknown>;
}

/** One attribute a target would receive differently from what it last received (absent `before`: never sent; absent `after`: removed). */
export interface AttributeChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type CapabilityState = "supported" | "unsupported" | "unknown";

/** One thing a connection test tried at the target, with what the target answered. */
export interface CapabilityCheck {
  capability: string;
  /** the check in words, for the console's table */
  label: string;
  state: CapabilityState;
  /** the request and the answer that decided it: "PATCH /Users/{id} answered 405" */
  evidence: string;
}

/** The outcome of a connection test: whether the endpoint and credentials work, and what the target supports. */
export interface ConnectionTestResult {
  ok: boolean;
  /** a sentence for an administrator: what works, or what to fix */
  message: string;
  testedAt: string;
  capabilities: CapabilityCheck[];
}

const CONNECTOR_ERROR = Symbol.for("provisio.ConnectorError");

/**
 * A failed remote call. `retryable` decides between retry with backoff and dead-lettering; `notFound` and
 * `conflict` let the engine re-create on update and link on create. `retryAfterMs` is how long the target asked
 * to be left alone (429/503 `Retry-After`, see retry-after.ts): the engine holds the whole target at least that long.
 */
export class ConnectorError extends Error {
  /**
   * The server's worker and the Next.js bundle each load their own copy of this module, and a client cached by one
   * may throw into the other: `instanceof` recognises the error by a registered symbol, not by the copy of the
   * class, so a refusal is never mistaken for an unexpected failure.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONNECTOR_ERROR] === true;
  }

  readonly [CONNECTOR_ERROR] = true;

  constructor(
    message: string,
    readonly options: { httpStatus?: number; retryable: boolean; notFound?: boolean; conflict?: boolean; request?: string; response?: string; retryAfterMs?: number },
  ) {
    super(message);
    this.name = "ConnectorError";
  }
}

export interface OutboundConnector {
  createUser(user: ProvisionedUser): Promise<RemoteResult>;
  /**
   * `previous` is the `sentState` of the last create or update of this user at this target, when known;
   * `resend` asks for every mapped attribute again (a sync mending drift at the target), not only what changed
   */
  updateUser(remoteId: string, user: ProvisionedUser, previous?: Record<string, unknown>, options?: { resend?: boolean }): Promise<RemoteResult>;
  deleteUser(remoteId: string): Promise<RemoteResult>;
  /** for linking after a 409 on create: the remote id of the user with that user name, if any */
  findUserByUserName(userName: string): Promise<string | undefined>;
  createGroup(group: ProvisionedGroup): Promise<RemoteResult>;
  /** name and the membership delta (never the whole list, for large groups) */
  updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult>;
  deleteGroup(remoteId: string): Promise<RemoteResult>;
  findGroupByName(displayName: string): Promise<string | undefined>;
  /**
   * The user as this connector's attribute mapping represents it for the target, without sending anything (the
   * body of a create): what a provision-now trace shows. Connectors that build it only while sending leave it out.
   */
  previewUser?(user: ProvisionedUser): Record<string, unknown>;
  /**
   * For connectors that keep what the target last received (`sentState`): the attributes an update of `user` would
   * change from `previous`, computed as `updateUser` computes its delta but sending nothing (a sync's dry run)
   */
  userChanges?(user: ProvisionedUser, previous: Record<string, unknown> | undefined): AttributeChange[];
  /** tries the endpoint and credentials (and, where the protocol allows, what the target supports), changing nothing lasting */
  testConnection?(): Promise<ConnectionTestResult>;
}

/** What a connector knows of its target besides its settings: the last connection test. */
export interface ConnectorContext {
  capabilities?: ConnectionTestResult | undefined;
  /** what a delivery found out about the target (a 405 to PATCH), to keep with the connector's capabilities */
  learned?: ((check: CapabilityCheck) => void) | undefined;
}

/** A connector type: its settings (validated with zod), which of them are secrets, and how to build a client. */
export interface ConnectorDefinition<C extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  label: string;
  configSchema: z.ZodType<C>;
  /** names of config fields stored encrypted and never sent back to the browser */
  secretFields: readonly string[];
  create(config: C, context?: ConnectorContext): OutboundConnector;
  /** settings that decide what is sent */
  passwordProvisioning(config: C): { enabled: boolean; defaultPassword?: string };
}
