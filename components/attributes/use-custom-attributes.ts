"use client";

import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { CustomAttribute } from "@/lib/identity/custom-attribute-schema";

export const CUSTOM_ATTRIBUTES_PATH = `${ADMIN_API}/schemas/custom-user/attributes`;

/** The custom User extension's definitions, shared by the Attributes page and the user form. */
export function useCustomAttributes() {
  return useQuery({ queryKey: ["custom-attributes"], queryFn: () => api<CustomAttribute[]>(CUSTOM_ATTRIBUTES_PATH) });
}
