import type { ApplicationView } from "@/lib/identity/applications";

/** The admin API answers a new or regenerated secret inside the application; the console shows it apart, once. */
export function separateSecret({ clientSecret, ...application }: ApplicationView & { clientSecret: string }) {
  return { application, clientSecret };
}
