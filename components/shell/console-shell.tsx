"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useHydrated } from "@/components/ui/use-hydrated";

const sections = [
  {
    title: "User management",
    items: [
      { href: "/users", label: "Users" },
      { href: "/groups", label: "Groups" },
      { href: "/roles", label: "Roles" },
      { href: "/user-stores", label: "User stores" },
      { href: "/attributes", label: "Attributes" },
    ],
  },
  { title: "Applications", items: [{ href: "/applications", label: "Applications" }] },
  { title: "Login & Registration", items: [{ href: "/provisioning-settings", label: "Provisioning Settings" }] },
  {
    title: "Integrations",
    items: [
      { href: "/connections", label: "Connections" },
      { href: "/provisioning-activity", label: "Provisioning activity" },
    ],
  },
  { title: "Monitoring", items: [{ href: "/audit-log", label: "Audit log" }] },
  { title: "Developers", items: [{ href: "/api-reference", label: "Admin API reference" }] },
];

export function ConsoleShell({ userName, children }: { userName: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const hydrated = useHydrated();
  return (
    <div className="flex min-h-screen">
      <aside className="w-60 shrink-0 border-r border-slate-200 bg-white">
        <div className="px-5 py-4 text-lg font-bold text-brand-900">Provisio</div>
        <nav aria-label="Console" className="px-3">
          {sections.map((section) => (
            <div key={section.title} className="mb-4">
              <div className="px-2 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{section.title}</div>
              {section.items.map((item) => {
                const active = pathname === item.href || pathname.startsWith(item.href + "/");
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`block rounded-md px-2 py-1.5 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
                  >
                    {item.label}
                  </Link>
                );
              })}
            </div>
          ))}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-6 py-3 text-sm">
          <span className="text-slate-600" data-testid="signed-in-user">
            {userName}
          </span>
          <button className="text-brand-700 hover:underline disabled:text-slate-400" disabled={!hydrated} onClick={() => signOut({ callbackUrl: "/signin" })}>
            Sign out
          </button>
        </header>
        <main className="flex-1 px-8 py-6">{children}</main>
      </div>
    </div>
  );
}
