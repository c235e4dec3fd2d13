/** One "Sign in with …" link per federated connection; plain links, so they work before any script loads. */
export function FederatedButtons({ connections, separator }: { connections: Array<{ id: string; name: string; href: string }>; separator: boolean }) {
  if (!connections.length) return null;
  return (
    <div className="mt-4 space-y-2">
      {separator && (
        <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
          <span className="h-px flex-1 bg-slate-200" />
          or
          <span className="h-px flex-1 bg-slate-200" />
        </div>
      )}
      {connections.map((c) => (
        <a
          key={c.id}
          href={c.href}
          className="flex w-full items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
        >
          {`Sign in with ${c.name}`}
        </a>
      ))}
    </div>
  );
}
