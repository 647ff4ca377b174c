"use client";
import { useMemo } from "react";
import { shareLimits, type ShareLimits } from "@/lib/ui/share-limits";
import { useSettings } from "@/components/layout/settings-context";

/** In a shared view, what its link allows the filters to be; null for everyone else. */
export function useShareLimits(): ShareLimits | null {
  const { shareScope } = useSettings();
  return useMemo(() => (shareScope ? shareLimits(shareScope.query) : null), [shareScope]);
}
