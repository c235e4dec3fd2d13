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
}

/**
 * A failed remote call. `retryable` decides between retry with backoff and dead-lettering; `notFound` and
 * `conflict` let the engine re-create on update and link on create. `retryAfterMs` is how long the target asked
 * to be left alone (429/503 `Retry-After`, see retry-after.ts): the engine holds the whole target at least that long.
 */
export class ConnectorError extends Error {
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
  updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult>;
  deleteUser(remoteId: string): Promise<RemoteResult>;
  /** for linking after a 409 on create: the remote id of the user with that user name, if any */
  findUserByUserName(userName: string): Promise<string | undefined>;
  createGroup(group: ProvisionedGroup): Promise<RemoteResult>;
  /** name and the membership delta (never the whole list, for large groups) */
  updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult>;
  deleteGroup(remoteId: string): Promise<RemoteResult>;
  findGroupByName(displayName: string): Promise<string | undefined>;
}

/** A connector type: its settings (validated with zod), which of them are secrets, and how to build a client. */
export interface ConnectorDefinition<C extends Record<string, unknown> = Record<string, unknown>> {
  type: string;
  label: string;
  configSchema: z.ZodType<C>;
  /** names of config fields stored encrypted and never sent back to the browser */
  secretFields: readonly string[];
  create(config: C): OutboundConnector;
  /** settings that decide what is sent */
  passwordProvisioning(config: C): { enabled: boolean; defaultPassword?: string };
}
