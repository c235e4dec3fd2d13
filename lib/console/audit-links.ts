/** The console page of an audit event's target, where there is one. */
export function auditTargetHref(targetType: string, targetId: string | null): string | undefined {
  if (!targetId) return undefined;
  const id = encodeURIComponent(targetId);
  switch (targetType) {
    case "User":
      return `/users/${id}`;
    case "Group":
      return `/groups/${id}`;
    case "Role":
      return `/roles/${id}`;
    case "Application":
      return `/applications/${id}`;
    case "Connection":
      return `/connections/${id}`;
    case "UserStore":
      return "/user-stores";
    case "CustomAttribute":
      return "/attributes";
    default:
      return undefined;
  }
}

export const AUDIT_TARGET_TYPES = ["User", "Group", "Role", "Application", "Connection", "Connector", "UserStore", "CustomAttribute"] as const;
