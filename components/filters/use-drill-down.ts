"use client";
import { FILTER_OF, type Dimension } from "@/lib/contract/dimensions";
import { withValue } from "@/lib/ui/filters";
import { useFilters } from "./use-filters";

/** Narrows the filters to one key of a dimension: what clicking a bar or a legend item does. */
export function useDrillDown(): (dim: Dimension, key: string) => void {
  const { filters, setFilters } = useFilters();
  return (dim, key) => {
    const filterKey = FILTER_OF[dim];
    setFilters({ [filterKey]: withValue(filters[filterKey], key) });
  };
}
