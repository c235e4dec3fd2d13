"use client";

import { useHydrated } from "./use-hydrated";

type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" };

const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-slate-400",
};

/** Disabled until hydrated: before that a click would neither run its handler nor submit the form the way it expects. */
export function Button({ variant = "primary", className = "", disabled, ...props }: ButtonProps) {
  const hydrated = useHydrated();
  return (
    <button className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium transition ${variants[variant]} ${className}`} disabled={disabled || !hydrated} {...props} />
  );
}
