"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import type { UserView } from "@/lib/identity/users/user-view";
import { userToForm } from "@/lib/console/user-form-mapping";
import { createdByLine, type FederatedIdentityView } from "@/lib/console/user-source";
import { DataTable } from "@/components/ui/data-table";
import { UserForm } from "./user-form";
import { UserProvisioningStatus } from "@/components/provisioning/user-provisioning-status";
import { ProvisionNow } from "@/components/provisioning/provision-now";
import { UserGroups, UserRoles } from "./user-access";
import { usePageTitle } from "@/components/ui/use-page-title";

/** The user as its page reads it: with the identity providers it signs in through. */
type UserPageView = UserView & { federatedIdentities?: FederatedIdentityView[] };

export function UserDetail({ id }: { id: string }) {
  const router = useRouter();
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { data: user, error, isLoading } = useQuery({ queryKey: ["user", id], queryFn: () => api<UserPageView>(`${ADMIN_API}/users/${id}`) });
  usePageTitle(user?.userName, "Users");

  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !user)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message ?? "User not found"}
      </p>
    );

  const remove = async () => {
    try {
      const answer = await api<ProvisioningAnswer | undefined>(`${ADMIN_API}/users/${id}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      report(`User ${user.userName} deleted`, answer);
      router.push("/users");
    } catch (err) {
      toast("error", (err as Error).message);
      setConfirming(false);
    }
  };

  return (
    <>
      <PageHeader
        title={user.userName}
        description={`User store ${user.domain} · created ${new Date(user.createdAt).toLocaleString()} · version ${user.version}${user.locked ? " · locked" : ""}`}
        actions={
          confirming ? (
            <>
              <Button variant="danger" onClick={remove}>
                Confirm delete
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete user
            </Button>
          )
        }
      />
      <UserForm
        key={user.version}
        mode="edit"
        initial={userToForm(user)}
        onSubmit={async (values) => {
          const saved = await api<UserView & ProvisioningAnswer>(`${ADMIN_API}/users/${id}`, { method: "PUT", json: values });
          // a save answers without the federated identities, which it does not change
          queryClient.setQueryData<UserPageView>(["user", id], { ...saved, federatedIdentities: user.federatedIdentities });
          await queryClient.invalidateQueries({ queryKey: ["users"] });
          report("Changes saved", saved);
          await queryClient.invalidateQueries({ queryKey: ["user-provisioning", id] });
        }}
      />
      <UserGroups userId={id} userName={user.userName} groups={user.groups ?? []} />
      <UserRoles userId={id} />
      <Provenance user={user} />
      <UserProvisioningStatus userId={id} />
      <ProvisionNow userId={id} />
    </>
  );
}

/** Where the user came from and the identity providers it signs in through, newest sign-in first. */
function Provenance({ user }: { user: UserPageView }) {
  const identities = user.federatedIdentities ?? [];
  return (
    <section aria-labelledby="provenance-title" className="mt-8 max-w-4xl space-y-3">
      <h2 id="provenance-title" className="text-lg font-semibold">
        Source
      </h2>
      <p data-testid="user-provenance" className="text-sm text-slate-700">
        {createdByLine(user, identities)}
      </p>
      {identities.length > 0 ? (
        <DataTable label="Federated identities" columns={["Connection", "Subject", "Last sign-in"]}>
          {identities.map((i) => (
            <tr key={`${i.connectionId}/${i.subject}`}>
              <td className="px-4 py-2">
                <Link href={`/connections/${i.connectionId}`} className="font-medium text-brand-700 hover:underline">
                  {i.connectionName}
                </Link>
              </td>
              <td className="px-4 py-2 font-mono text-xs">{i.subject}</td>
              <td className="px-4 py-2">{new Date(i.lastSignInAt).toLocaleString()}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p className="text-sm text-slate-500">Has not signed in through a connection.</p>
      )}
    </section>
  );
}
