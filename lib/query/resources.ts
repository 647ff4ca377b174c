/**
 * queryOptions() factories, one per API resource. Each key holds every input of its request,
 * so a change to any filter, sort or page is a different cache entry (and back/forward is
 * instant), and the URL is built from the key's own inputs.
 */
import { keepPreviousData, queryOptions, type UseQueryOptions } from "@tanstack/react-query";
import { appendFilters, type Filters } from "@/lib/contract/filters";
import type { Dimension } from "@/lib/contract/dimensions";
import type { Interval } from "@/lib/contract/days";
import { fetchJson } from "./fetch-json";
import type {
  BreakdownAnswer,
  Envelope,
  FacetsAnswer,
  OverviewAnswer,
  OverviewTop,
  RunningAnswer,
  RunsAnswer,
  SyncStatus,
  TimeseriesAnswer,
  TotalsAnswer,
} from "@/lib/contract/answers";
import type { BreakdownOrder, RunningSort, RunSort, SortDir } from "@/lib/contract/sorts";

export function apiUrl(path: string, filters: Filters | null, extra: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined && value !== "") params.set(name, String(value));
  }
  if (filters) appendFilters(params, filters);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function totalsQuery(filters: Filters) {
  return queryOptions({
    queryKey: ["totals", filters] as const,
    queryFn: ({ signal }) => fetchJson<TotalsAnswer>(apiUrl("/api/totals", filters), { signal }),
    placeholderData: keepPreviousData,
  });
}

export interface BreakdownInput {
  by: Dimension;
  sort?: BreakdownOrder;
  dir?: SortDir;
  limit?: number;
}

export function breakdownQuery(filters: Filters, input: BreakdownInput) {
  const { by, sort = "cost", dir = "desc", limit } = input;
  return queryOptions({
    queryKey: ["breakdown", { by, sort, dir, limit: limit ?? null }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<BreakdownAnswer>(apiUrl("/api/breakdown", filters, { by, sort, dir, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export interface TimeseriesInput {
  interval: Interval;
  stackBy: Dimension;
  top: number;
  currency?: string | null;
}

export function timeseriesQuery(filters: Filters, input: TimeseriesInput) {
  const { interval, stackBy, top, currency = null } = input;
  return queryOptions({
    queryKey: ["timeseries", { interval, stackBy, top, currency }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<TimeseriesAnswer>(apiUrl("/api/timeseries", filters, { interval, stackBy, top, currency }), {
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export interface OverviewInput extends TimeseriesInput {
  /** Rows in each top list. */
  limit: number;
}

/** The overview page's one request (GET /api/overview); its cards each read their part (select). */
export function overviewQuery(filters: Filters, input: OverviewInput) {
  const { interval, stackBy, top, currency = null, limit } = input;
  return queryOptions({
    queryKey: ["overview", { interval, stackBy, top, currency, limit }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<OverviewAnswer>(apiUrl("/api/overview", filters, { interval, stackBy, top, currency, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

const envelopeOf = ({ dataVersion, dataAsOf, timeZone }: OverviewAnswer): Envelope => ({ dataVersion, dataAsOf, timeZone });
const topOf = (by: OverviewTop) => (o: OverviewAnswer): BreakdownAnswer => ({ ...envelopeOf(o), ...o.top[by] });

// Module-level selectors: react-query re-selects only when the answer itself changes.
export const overviewParts = {
  totals: (o: OverviewAnswer): TotalsAnswer => ({ ...envelopeOf(o), ...o.totals }),
  series: (o: OverviewAnswer): TimeseriesAnswer => ({ ...envelopeOf(o), ...o.series }),
  hardwareTier: topOf("hardwareTier"),
  project: topOf("project"),
  user: topOf("user"),
  team: topOf("team"),
  running: (o: OverviewAnswer): RunningAnswer => ({ ...envelopeOf(o), ...o.running }),
};

/**
 * Query options whose data is a `T`, whichever request answers them: a route of its own, or a
 * part of /api/overview read with a selector. (The request's own type is the card's no concern.)
 */
export type QueryFor<T> = UseQueryOptions<any, Error, T, any>;

export interface RunsInput {
  q: string;
  sort: RunSort;
  dir: SortDir;
  offset: number;
  limit: number;
}

export function runsQuery(filters: Filters, input: RunsInput) {
  const { q, sort, dir, offset, limit } = input;
  return queryOptions({
    queryKey: ["runs", { q, sort, dir, offset, limit }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<RunsAnswer>(apiUrl("/api/runs", filters, { q: q.trim(), sort, dir, offset, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function facetsQuery(filters: Filters | null, input: { dim: Dimension; q: string; limit: number }) {
  const { dim, q, limit } = input;
  return queryOptions({
    queryKey: ["facets", { dim, q, limit }, filters] as const,
    queryFn: ({ signal }) => fetchJson<FacetsAnswer>(apiUrl("/api/facets", filters, { dim, q: q.trim(), limit }), { signal }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export function syncQuery() {
  return queryOptions({
    queryKey: ["sync"] as const,
    queryFn: ({ signal }) => fetchJson<SyncStatus>("/api/sync", { signal }),
    // Fast while a sync runs (the progress bar moves), slow otherwise.
    refetchInterval: (query) => (query.state.data?.running ? 2_000 : 30_000),
    staleTime: 0,
    retry: false,
  });
}

export interface RunningInput {
  sort: RunningSort;
  dir: SortDir;
  offset: number;
  /** 0: the summary alone (the overview's card). */
  limit: number;
}

export function runningQuery(filters: Filters, input: RunningInput) {
  const { sort, dir, offset, limit } = input;
  return queryOptions({
    queryKey: ["running", { sort, dir, offset, limit }, filters] as const,
    queryFn: ({ signal }) => fetchJson<RunningAnswer>(apiUrl("/api/running", filters, { sort, dir, offset, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}
