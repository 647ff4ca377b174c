"use client";
import { useEffect, useState } from "react";

/**
 * How long a refresh may take before its card dims. Most filter changes are answered sooner:
 * their cards keep the old figures at full strength until the new ones replace them, with no
 * flash of a "loading" state (and no repaint of every card twice per change).
 */
export const SLOW_REFRESH_MS = 300;

/** The class a card takes while a refresh of the figures it shows is slow. */
const SLOW_REFRESH_CLASS = "opacity-70 transition-opacity";

/**
 * The class for a card's figures: SLOW_REFRESH_CLASS once `refreshing` has stayed true for
 * SLOW_REFRESH_MS, "" otherwise and as soon as it is false.
 */
export function useSlowRefresh(refreshing: boolean): string {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!refreshing) return;
    const timer = setTimeout(() => setSlow(true), SLOW_REFRESH_MS);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [refreshing]);
  return refreshing && slow ? SLOW_REFRESH_CLASS : "";
}
