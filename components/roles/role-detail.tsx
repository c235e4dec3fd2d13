"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { AddMembers } from "@/components/groups/add-members";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Button, PageHeader } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { Tabs } from "@/components/ui/tabs";
import { useToast } from "@/components/ui/toast";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import { otherRolesLine, roleToForm } from "@/lib/console/role-form";
import { ADMIN_ROLE } from "@/lib/identity/permissions";
import { usePermissionCatalogue, useRole, useRoleInvalidation, type RoleChange, type RoleDetail as Role } from "./hooks";
import { AddGroup } from "./pickers";
import { PermissionsForm, RoleForm, type RoleFormOutput } from "./role-form";
import { usePageTitle } from "@/components/ui/use-page-title";

// WSO2 IS 7's tabs of a role, and the connections whose outbound provisioning it limits
const TABS = [
  { id: "general", label: "General" },
  { id: "permissions", label: "Permissions" },
  { id: "users", label: "Users" },
  { id: "groups", label: "Groups" },
  { id: "connections", label: "Connections" },
] as const;
type Tab = (typeof TABS)[number]["id"];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function RoleDetail({ id }: { id: string }) {
  const router = useRouter();
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const invalidate = useRoleInvalidation();
  const [tab, setTab] = useState<Tab>("general");
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { data: role, error, isLoading } = useRole(id);
  usePageTitle(role?.name, "Roles");
  const catalogue = usePermissionCatalogue();

  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !role)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message ?? "Role not found"}
      </p>
    );

  const isAdmin = role.name === ADMIN_ROLE;

  /** Saves the General or the Permissions tab: the whole role, as of the version read. */
  const save = async (values: RoleFormOutput, success: string) => {
    const { outboundFailures: _failures, outboundResults, ...saved } = await api<RoleChange>(`${ADMIN_API}/roles/${id}`, { method: "PUT", json: { ...values, version: role.version } });
    queryClient.setQueryData<Role>(["role", id], saved);
    await invalidate();
    report(success, { outboundResults });
  };

  const remove = async () => {
    setDeleting(true);
    try {
      const answer = await api<ProvisioningAnswer | undefined>(`${ADMIN_API}/roles/${id}`, { method: "DELETE" });
      queryClient.removeQueries({ queryKey: ["role", id] });
      await invalidate();
      report(`Role ${role.name} deleted`, answer);
      router.push("/roles");
    } catch (err) {
      toast("error", (err as Error).message);
      setConfirming(false);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={role.name}
        description={`${role.description ? `${role.description} · ` : ""}${plural(role.permissions.length, "permission")} · ${plural(role.users.length, "user")} · ${plural(role.groups.length, "group")} · version ${role.version}`}
        actions={
          <Button variant="danger" disabled={isAdmin} title={isAdmin ? `The ${ADMIN_ROLE} role cannot be deleted` : undefined} onClick={() => setConfirming(true)}>
            Delete role
          </Button>
        }
      />
      <Tabs label="Role settings" tabs={TABS} selected={tab} onSelect={setTab}>
        {/* keyed by version: a save reads the role again, and the form starts over from what was stored */}
        {tab === "general" && <RoleForm key={role.version} mode="edit" initial={roleToForm(role)} onSubmit={(values) => save(values, "Role saved")} />}
        {tab === "permissions" &&
          (catalogue.data ? (
            <PermissionsForm key={role.version} initial={roleToForm(role)} catalogue={catalogue.data} onSubmit={(values) => save(values, "Permissions saved")} />
          ) : (
            <p className="text-slate-500">Loading…</p>
          ))}
        {tab === "users" && <AssignedUsers role={role} />}
        {tab === "groups" && <AssignedGroups role={role} />}
        {tab === "connections" && <RoleConnections role={role} />}
      </Tabs>
      <ConfirmDialog open={confirming} title={`Delete role ${role.name}?`} confirmLabel="Delete role" busy={deleting} onConfirm={remove} onCancel={() => setConfirming(false)}>
        <p>
          Its {plural(role.users.length, "user")} and {plural(role.groups.length, "group")} lose the role and the permissions it grants. This cannot be undone.
        </p>
        {role.connections.length > 0 && (
          <p data-testid="delete-role-connections">
            {role.connections.map((c) => c.name).join(", ")} provision{role.connections.length === 1 ? "s" : ""} only holders of {role.connections.length === 1 ? "its" : "their"} provisioning roles,
            this one among them; a connection limited to this role alone provisions no one after it is deleted.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

/** Runs an assignment change, then shows its outcome and reads the role again. */
function useAssignmentChange(roleId: string) {
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const invalidate = useRoleInvalidation();
  return async (method: "POST" | "DELETE", what: "users" | "groups", ids: string[], success: string) => {
    try {
      const answer = await api<ProvisioningAnswer>(`${ADMIN_API}/roles/${roleId}/${what}`, { method, json: what === "users" ? { userIds: ids } : { groupIds: ids } });
      await Promise.all([invalidate(roleId), queryClient.invalidateQueries({ queryKey: ["user-provisioning"] })]);
      report(success, answer);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };
}

/** The users or groups a role is assigned to, each linked to its page, with a Remove button. */
function AssignmentTable({
  label,
  column,
  items,
  href,
  empty,
  onRemove,
}: {
  label: string;
  column: string;
  items: { id: string; display: string }[];
  href: (id: string) => string;
  empty: string;
  onRemove: (item: { id: string; display: string }) => void;
}) {
  return (
    <DataTable label={label} columns={[column, { label: "Actions", align: "right", visuallyHidden: true }]} empty={items.length === 0 && empty}>
      {items.map((item) => (
        <tr key={item.id}>
          <td className="px-4 py-2">
            <Link href={href(item.id)} className="font-medium text-brand-700 hover:underline">
              {item.display}
            </Link>
          </td>
          <td className="px-4 py-2 text-right">
            <Button variant="secondary" aria-label={`Remove ${item.display}`} onClick={() => onRemove(item)}>
              Remove
            </Button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function AssignedUsers({ role }: { role: Role }) {
  const change = useAssignmentChange(role.id);
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm text-slate-600">Users the role is assigned to directly. Members of its groups (Groups tab) hold it too.</p>
      <AddMembers onAdd={(userIds) => change("POST", "users", userIds, "User assigned")} />
      <AssignmentTable
        label="Assigned users"
        column="User"
        items={role.users}
        href={(id) => `/users/${id}`}
        empty="No user holds this role directly. Find a user above to assign it."
        onRemove={(u) => change("DELETE", "users", [u.id], "User removed")}
      />
    </div>
  );
}

function AssignedGroups({ role }: { role: Role }) {
  const change = useAssignmentChange(role.id);
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm text-slate-600">Every member of these groups holds the role, and its permissions, for as long as they are members.</p>
      <AddGroup exclude={new Set(role.groups.map((g) => g.id))} onAdd={(groupId) => change("POST", "groups", [groupId], "Group assigned")} />
      <AssignmentTable
        label="Assigned groups"
        column="Group"
        items={role.groups}
        href={(id) => `/groups/${id}`}
        empty="No group has this role. Find a group above to assign it to all its members."
        onRemove={(g) => change("DELETE", "groups", [g.id], "Group removed")}
      />
    </div>
  );
}

function RoleConnections({ role }: { role: Role }) {
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm text-slate-600">
        Connections that provision only holders of their provisioning roles, this one among them: a user gaining the role is provisioned there, a user losing their last such role is removed. A
        connection&apos;s Provisioning roles tab changes this.
      </p>
      <DataTable label="Connections" columns={["Connection", "State", "Provisions"]} empty={role.connections.length === 0 && "No connection limits its outbound provisioning to this role."}>
        {role.connections.map((c) => (
          <tr key={c.id}>
            <td className="px-4 py-2">
              <Link href={`/connections/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="px-4 py-2">{c.enabled ? "Enabled" : "Disabled"}</td>
            <td className="px-4 py-2 text-slate-600">{otherRolesLine(role.id, c.provisioningRoles)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
