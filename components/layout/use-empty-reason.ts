"use client";
import { useQuery } from "@tanstack/react-query";
import { syncQuery } from "@/lib/query/resources";
import { emptyReason } from "@/lib/ui/empty-reason";
import { activeFilterCount, rangeLabel } from "@/lib/ui/filters";
import { useFilters } from "@/components/filters/use-filters";

/** The sentence an empty state shows for the current filters and sync state. */
export function useEmptyReason(search?: string): string {
  const { filters, today } = useFilters();
  const { data: sync } = useQuery(syncQuery());
  return emptyReason({
    storedRuns: sync ? sync.runCount : null,
    syncing: sync?.running ?? false,
    rangeLabel: rangeLabel(filters, today),
    filterCount: activeFilterCount(filters),
    search,
  });
}
