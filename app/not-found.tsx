import Link from "next/link";

export const metadata = { title: "Not found" };

/** Any path nothing answers: say so, and offer a way back. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <div className="text-2xl font-bold text-brand-900">Provisio</div>
        <h1 className="mt-4 text-lg font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">There is nothing at this address. It may have been deleted, or the link may be mistyped.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          Back to the console
        </Link>
      </div>
    </main>
  );
}
