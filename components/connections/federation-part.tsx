"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "@/components/api";
import type { PlacedErrors } from "@/lib/console/federation-forms";

/** After a federation part is saved: the connection's page and the list read it again (its version changed). */
export function useRefreshConnection(id: string) {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ["connection", id] }), queryClient.invalidateQueries({ queryKey: ["connections"] })]);
}

/** Shows an admin API failure on the form: its field errors next to their fields, anything else above the form. */
export function showApiError<T extends FieldValues>(err: unknown, setError: UseFormSetError<T>, placeErrors: (fieldErrors: Record<string, string>) => PlacedErrors<string>): void {
  const placed = err instanceof ApiError ? placeErrors(err.fieldErrors) : [];
  for (const { field, message } of placed) setError(field as Path<T> | "root", { message });
  if (!placed.length) setError("root", { message: (err as Error).message });
}

/** The message above a form: its own root error, or a field error the form has no control for. */
export function FormAlert({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </div>
  );
}
