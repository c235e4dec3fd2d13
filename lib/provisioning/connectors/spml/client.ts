import { randomUUID } from "node:crypto";
import { ConnectorError, type OutboundConnector, type ProvisionedGroup, type ProvisionedUser, type RemoteResult } from "../types.ts";
import type { FetchLike } from "../scim2/http.ts";
import type { SpmlConfig } from "./config.ts";
import { addAttributes, replaceModifications, userNameAttribute } from "./mapping.ts";
import { SEARCH_UNSUPPORTED } from "./outcome.ts";
import { bareUserName } from "./sources.ts";
import type { ReturnedPso } from "./responses.ts";
import { SpmlTransport, type CallRecord } from "./transport.ts";

export interface SpmlClientDeps {
  fetch?: FetchLike;
  /** request IDs; random by default */
  newRequestId?: () => string;
}

/** Searches ask for a few PSOs: enough to tell "one match" from "several", never a whole directory. */
const SEARCH_LIMIT = 10;

/**
 * The SPML 2.0 DSMLv2 profile has no group object: a group is whatever object class a provider chooses, with
 * members in whatever attribute it uses. Rather than guess, groups are refused, once per change, with this.
 */
export const GROUPS_UNSUPPORTED = "SPML 2.0 connectors provision users only: the DSMLv2 profile defines no group model, so groups and memberships are not sent to this target";

const result = (record: CallRecord, remoteId?: string): RemoteResult => ({ ...(remoteId !== undefined ? { remoteId } : {}), ...record });

/**
 * The PSO whose user-name attribute equals `name`, compared case-insensitively (LDAP's uid is caseIgnoreMatch).
 * A provider that ignores the filter must not get a wrong user linked, so a PSO without data counts only alone.
 */
export function pickPso(psos: readonly ReturnedPso[], attribute: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const exact = psos.filter((p) => p.attributes.get(attribute.toLowerCase())?.some((v) => v.toLowerCase() === wanted));
  if (exact.length === 1) return exact[0]!.id;
  return psos.length === 1 && psos[0]!.attributes.size === 0 ? psos[0]!.id : undefined;
}

export class SpmlClient implements OutboundConnector {
  private readonly transport: SpmlTransport;
  private readonly newRequestId: () => string;

  constructor(
    private readonly config: SpmlConfig,
    deps: SpmlClientDeps = {},
  ) {
    this.transport = new SpmlTransport({ endpoint: config.endpoint, username: config.username, password: config.password, timeoutMs: config.timeoutMs, fetch: deps.fetch });
    // requestID is an xsd:ID, an NCName: it must not start with a digit
    this.newRequestId = deps.newRequestId ?? (() => `provisio-${randomUUID()}`);
  }

  private common() {
    return { requestId: this.newRequestId(), targetId: this.config.targetId };
  }

  /** addRequest with returnData="identifier": the remote id is the PSO identifier the provider assigns. */
  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    const { reply, record } = await this.transport.call({ kind: "add", ...this.common(), attributes: addAttributes(user, this.config) }, "create user");
    const id = reply.psos[0]?.id;
    if (!id) {
      // the user was most likely created; without its identifier it cannot be kept, so a person must look
      throw new ConnectorError(`create user: ${new URL(this.config.endpoint).host} answered addResponse status "success" but named no PSO identifier (pso/psoID), so the remote id cannot be kept`, {
        ...record,
        retryable: false,
      });
    }
    return result(record, id);
  }

  /** modifyRequest replacing every mapped attribute with the user's value (or none). */
  async updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult> {
    const { record } = await this.transport.call({ kind: "modify", ...this.common(), psoId: remoteId, modifications: replaceModifications(user, this.config) }, "update user");
    return result(record, remoteId);
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    const { record } = await this.transport.call({ kind: "delete", ...this.common(), psoId: remoteId }, "delete user");
    return result(record, remoteId);
  }

  /**
   * searchRequest (the search capability) for the PSO whose user-name attribute equals the name, to link a user
   * the target already has. Undefined when searching is off, no attribute carries the user name, or the provider
   * says it does not support the search.
   */
  async findUserByUserName(userName: string): Promise<string | undefined> {
    const attribute = userNameAttribute(this.config);
    if (!this.config.searchUsers || !attribute) return undefined;
    const name = bareUserName(userName);
    const req = { kind: "search" as const, ...this.common(), match: { name: attribute, value: name }, maxSelect: SEARCH_LIMIT };
    const answer = await this.transport.exchange(req, "find user");
    const { reply } = answer;
    if (reply.kind === "response" && reply.status === "failure" && reply.error && SEARCH_UNSUPPORTED.has(reply.error)) return undefined;
    // a provider without the search capability may not know the element at all; say what to change
    if (reply.kind === "fault") {
      throw new ConnectorError(
        `find user: the provider answered the searchRequest with SOAP fault ${reply.faultCode}: ${reply.faultString.slice(0, 200)}; if it does not support the search capability, turn off "Find existing users"`,
        {
          ...answer.record,
          retryable: false,
        },
      );
    }
    try {
      return pickPso(this.transport.expectSuccess(answer, req, "find user").reply.psos, attribute, name);
    } catch (err) {
      // a search's noSuchIdentifier or alreadyExists says nothing about the user being linked
      if (!(err instanceof ConnectorError)) throw err;
      const { notFound: _n, conflict: _c, ...options } = err.options;
      throw new ConnectorError(err.message, options);
    }
  }

  async createGroup(_group: ProvisionedGroup): Promise<RemoteResult> {
    throw new ConnectorError(GROUPS_UNSUPPORTED, { retryable: false });
  }

  async updateGroup(_remoteId: string, _group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    throw new ConnectorError(GROUPS_UNSUPPORTED, { retryable: false });
  }

  async deleteGroup(_remoteId: string): Promise<RemoteResult> {
    throw new ConnectorError(GROUPS_UNSUPPORTED, { retryable: false });
  }

  async findGroupByName(_displayName: string): Promise<string | undefined> {
    return undefined;
  }
}
