"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useHydrated } from "@/components/ui/use-hydrated";

const sections = [
  { title: "Console", items: [{ href: "/", label: "Overview" }] },
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

function Navigation({ pathname, onNavigate }: { pathname: string; onNavigate: () => void }) {
  return (
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
                onClick={onNavigate}
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
  );
}

/**
 * The console's frame: a skip link to the content, the navigation (a sidebar from medium screens up; on a phone
 * a menu that opens over the page and closes with Escape or after choosing a page), the signed-in user and the page.
 */
export function ConsoleShell({ userName, children }: { userName: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const hydrated = useHydrated();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = () => {
    setMenuOpen(false);
    menuButton.current?.focus();
  };
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") closeMenu();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);
  return (
    <div className="flex min-h-screen">
      <a href="#content" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3">
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">
        <Link href="/" className="block px-5 py-4 text-lg font-bold text-brand-900">
          Provisio
        </Link>
        <Navigation pathname={pathname} onNavigate={() => undefined} />
      </aside>
      {menuOpen && (
        <div className="fixed inset-0 z-40 md:hidden">
          <div className="absolute inset-0 bg-black/40" aria-hidden="true" onClick={closeMenu} />
          <aside id="console-menu" className="absolute inset-y-0 left-0 w-64 max-w-[80vw] overflow-y-auto border-r border-slate-200 bg-white shadow-xl">
            <Link href="/" className="block px-5 py-4 text-lg font-bold text-brand-900">
              Provisio
            </Link>
            <Navigation pathname={pathname} onNavigate={() => setMenuOpen(false)} />
          </aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-4 border-b border-slate-200 bg-white px-4 py-3 text-sm md:px-6">
          <button
            ref={menuButton}
            type="button"
            className="mr-auto rounded-md border border-slate-200 px-3 py-1.5 text-slate-700 md:hidden"
            aria-expanded={menuOpen}
            aria-controls="console-menu"
            disabled={!hydrated}
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <span className="min-w-0 truncate text-slate-600" data-testid="signed-in-user" title={userName}>
            {userName}
          </span>
          <button className="shrink-0 text-brand-700 hover:underline disabled:text-slate-400" disabled={!hydrated} onClick={() => signOut({ callbackUrl: "/signin" })}>
            Sign out
          </button>
        </header>
        <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
