"use client";

import { useCallback } from "react";
import { useToast } from "@/components/ui/toast";
import { provisioningNotice, type OutcomeJson } from "@/lib/console/provisioning-outcome";

/** What a console change answers when it may provision: the admin API's outcomes of blocking provisioners. */
export interface ProvisioningAnswer {
  outboundResults?: OutcomeJson[];
}

const clock = (at: Date) => at.toLocaleTimeString();

/**
 * The one way console changes report themselves: the change as saved, then, when a blocking provisioner did not
 * deliver it, what happened at each target (retried at a time, dead, or not sent yet) with a link to the attempt.
 * `answer` is the API's answer (undefined for a 204).
 */
export function useChangeToast() {
  const toast = useToast();
  return useCallback(
    (success: string, answer?: ProvisioningAnswer | void) => {
      toast("success", success);
      const notice = provisioningNotice(answer ? answer.outboundResults : undefined, clock);
      if (notice) toast("error", notice.title, notice.lines);
    },
    [toast],
  );
}
