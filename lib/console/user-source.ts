/**
 * Where a user came from, as the users list and the user page say it: Local, SCIM, JIT via <connection>.
 * `connectionNames` is undefined while the connections are not known (not loaded, or not visible to the caller).
 */
export function userSourceLabel(user: { source: string; sourceConnection: string | null }, connectionNames?: ReadonlyMap<string, string>): string {
  switch (user.source) {
    case "local":
      return "Local";
    case "scim":
      return "SCIM";
    case "proxy":
      return "Proxy";
    case "jit":
      if (!user.sourceConnection || !connectionNames) return "JIT";
      return `JIT via ${connectionNames.get(user.sourceConnection) ?? "a deleted connection"}`;
    default:
      return user.source ? user.source[0].toUpperCase() + user.source.slice(1) : "Local";
  }
}

/** A link to an identity provider, as GET /users/{id} lists them. */
export interface FederatedIdentityView {
  connectionId: string;
  connectionName: string;
  subject: string;
  lastSignInAt: string;
}

/**
 * The provenance line of the user page: "Created by Corporate IdP (subject 1234)" for a JIT user, else how it was
 * created. The connection's name comes from the user's links, which the API lists with their connections' names;
 * a deleted connection takes its links with it.
 */
export function createdByLine(user: { source: string; sourceConnection: string | null; sourceSubject: string | null }, identities: readonly FederatedIdentityView[]): string {
  if (user.source === "jit" && user.sourceConnection) {
    const name = identities.find((i) => i.connectionId === user.sourceConnection)?.connectionName ?? "a connection since deleted";
    return `Created by ${name}${user.sourceSubject ? ` (subject ${user.sourceSubject})` : ""}`;
  }
  switch (user.source) {
    case "local":
      return "Created locally (console or admin API)";
    case "scim":
      return "Created through SCIM";
    case "proxy":
      return "Provisioned in proxy mode";
    default:
      return `Created by ${userSourceLabel(user)}`;
  }
}
