import { Suspense } from "react";
import { ConsentForm } from "@/components/shell/consent-form";

export const metadata = { title: "Allow access" };
export const dynamic = "force-dynamic";

export default function ConsentPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-4 text-center text-2xl font-bold text-brand-900">Provisio</div>
        <Suspense>
          <ConsentForm />
        </Suspense>
      </div>
    </main>
  );
}
