"use client";

import { useEffect, useRef } from "react";

/**
 * Keyboard behaviour of a panel that opens inside the page (a wizard, an editor): focus moves to its heading when
 * it opens, Escape closes it, and focus returns to what opened it when it closes, instead of falling to <body>.
 * Returns the ref for the heading (rendered with tabIndex={-1}) and the key handler for the panel.
 */
export function usePanelFocus<T extends HTMLElement>(onClose: () => void) {
  const heading = useRef<T>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      // the opener may have been re-rendered away; then the panel's region is the best place left
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  };
  return { heading, onKeyDown };
}
