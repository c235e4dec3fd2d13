"use client";

import { useEffect } from "react";

/**
 * Names the object in the browser's title once it is loaded ("kim · Users · Provisio"), so tabs and history tell
 * objects apart; the page's own metadata title (the section) stands until then.
 */
export function usePageTitle(name: string | undefined, section: string) {
  useEffect(() => {
    if (name) document.title = `${name} · ${section} · Provisio`;
  }, [name, section]);
}
