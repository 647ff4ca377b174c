"use client";
import { useMemo } from "react";
import { parseAsInteger, parseAsString, useQueryStates } from "nuqs";
import { todayIn } from "@/lib/ui/date-range";
import { resolveFilters, type FilterState, type Filters } from "@/lib/contract/filters";
import { useSettings } from "@/components/layout/settings-context";
import { filterParsers } from "./filter-params";

// page/run are listed so a filter change can reset them in the same history entry.
const parsers = { ...filterParsers, page: parseAsInteger, run: parseAsString };

export type FilterPatch = Partial<{ [K in keyof FilterState]: FilterState[K] | null }>;

/** The shared filters from the URL, the API's resolved form, and a setter that pushes history. */
export function useFilters(): {
  filters: FilterState;
  apiFilters: Filters;
  today: string;
  setFilters: (patch: FilterPatch) => void;
} {
  const { timeZone } = useSettings();
  const [state, setState] = useQueryStates(parsers, { history: "push" });
  const today = useMemo(() => todayIn(timeZone), [timeZone]);
  const { page: _page, run: _run, ...filters } = state;
  const apiFilters = useMemo(
    () => resolveFilters(filters, today),
    // The JSON of the filters: a stable dependency even when nuqs hands out new arrays.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(filters), today],
  );
  const setFilters = (patch: FilterPatch) => void setState({ ...patch, page: null, run: null });
  return { filters, apiFilters, today, setFilters };
}
