"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useState } from "react";

type Tone = "success" | "error";

/** Lines under a toast's message, each linking where the details are when it has somewhere to go. */
export interface ToastLine {
  text: string;
  href: string | null;
}

interface Toast {
  id: number;
  tone: Tone;
  message: string;
  lines: ToastLine[];
}

type Push = (tone: Tone, message: string, lines?: ToastLine[]) => void;

const ToastContext = createContext<Push>(() => undefined);

export function useToast() {
  return useContext(ToastContext);
}

// a toast with links stays long enough to follow one, and can be closed sooner
const lifetime = (t: Pick<Toast, "tone" | "lines">) => (t.lines.length ? 20_000 : t.tone === "error" ? 8_000 : 4_000);

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback<Push>(
    (tone, message, lines = []) => {
      const id = Date.now() + Math.random();
      setToasts((t) => [...t, { id, tone, message, lines }]);
      setTimeout(() => dismiss(id), lifetime({ tone, lines }));
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="fixed bottom-4 right-4 z-50 flex max-w-lg flex-col gap-2" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            className={`rounded-md px-4 py-3 text-sm shadow-lg ${t.tone === "error" ? "bg-red-600 text-white" : "bg-emerald-600 text-white"}`}
          >
            <div className="flex items-start gap-3">
              <div className="flex-1">{t.message}</div>
              {t.lines.length > 0 && (
                <button type="button" className="text-white/80 hover:text-white" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
                  ×
                </button>
              )}
            </div>
            {t.lines.length > 0 && (
              <ul className="mt-2 space-y-1">
                {t.lines.map((line, i) => (
                  <li key={i}>
                    {line.text}
                    {line.href && (
                      <>
                        {" "}
                        <Link href={line.href} className="font-medium underline">
                          View attempt
                        </Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
