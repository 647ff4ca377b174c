/**
 * queryOptions() factories, one per API resource. Each key holds every input of its request,
 * so a change to any filter, sort or page is a different cache entry (and back/forward is
 * instant), and the URL is built from the key's own inputs.
 */
import { keepPreviousData, queryOptions, type UseQueryOptions } from "@tanstack/react-query";
import { appendFilters, type ApiFilters } from "@/lib/ui/filters";
import type { Dimension } from "@/lib/ui/dimensions";
import type { Interval } from "@/lib/ui/chart-data";
import type { SortDir } from "@/lib/ui/sort";
import { fetchJson } from "./fetch-json";
import type {
  BreakdownResponse,
  Envelope,
  FacetsResponse,
  OverviewResponse,
  RunningResponse,
  RunningSort,
  RunsResponse,
  SyncStatus,
  TimeseriesResponse,
  TotalsResponse,
} from "./types";

export function apiUrl(path: string, filters: ApiFilters | null, extra: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined && value !== "") params.set(name, String(value));
  }
  if (filters) appendFilters(params, filters);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function totalsQuery(filters: ApiFilters) {
  return queryOptions({
    queryKey: ["totals", filters] as const,
    queryFn: ({ signal }) => fetchJson<TotalsResponse>(apiUrl("/api/totals", filters), { signal }),
    placeholderData: keepPreviousData,
  });
}

export interface BreakdownInput {
  by: Dimension;
  sort?: "cost" | "runs" | "hours";
  dir?: SortDir;
  limit?: number;
}

export function breakdownQuery(filters: ApiFilters, input: BreakdownInput) {
  const { by, sort = "cost", dir = "desc", limit } = input;
  return queryOptions({
    queryKey: ["breakdown", { by, sort, dir, limit: limit ?? null }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<BreakdownResponse>(apiUrl("/api/breakdown", filters, { by, sort, dir, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export interface TimeseriesInput {
  interval: Interval;
  stackBy: Dimension;
  top: number;
  currency?: string | null;
}

export function timeseriesQuery(filters: ApiFilters, input: TimeseriesInput) {
  const { interval, stackBy, top, currency = null } = input;
  return queryOptions({
    queryKey: ["timeseries", { interval, stackBy, top, currency }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<TimeseriesResponse>(apiUrl("/api/timeseries", filters, { interval, stackBy, top, currency }), {
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
export function overviewQuery(filters: ApiFilters, input: OverviewInput) {
  const { interval, stackBy, top, currency = null, limit } = input;
  return queryOptions({
    queryKey: ["overview", { interval, stackBy, top, currency, limit }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<OverviewResponse>(apiUrl("/api/overview", filters, { interval, stackBy, top, currency, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

const envelopeOf = ({ dataVersion, dataAsOf, timeZone }: OverviewResponse): Envelope => ({ dataVersion, dataAsOf, timeZone });
const topOf = (by: keyof OverviewResponse["top"]) => (o: OverviewResponse): BreakdownResponse => ({ ...envelopeOf(o), ...o.top[by] });

// Module-level selectors: react-query re-selects only when the answer itself changes.
export const overviewParts = {
  totals: (o: OverviewResponse): TotalsResponse => ({ ...envelopeOf(o), ...o.totals }),
  series: (o: OverviewResponse): TimeseriesResponse => ({ ...envelopeOf(o), ...o.series }),
  hardwareTier: topOf("hardwareTier"),
  project: topOf("project"),
  user: topOf("user"),
  team: topOf("team"),
};

/**
 * Query options whose data is a `T`, whichever request answers them: a route of its own, or a
 * part of /api/overview read with a selector. (The request's own type is the card's no concern.)
 */
export type QueryFor<T> = UseQueryOptions<any, Error, T, any>;

export type RunSort =
  | "startedAt"
  | "cost"
  | "duration"
  | "computeHours"
  | "hardwareTier"
  | "project"
  | "user"
  | "status"
  | "runType";

export interface RunsInput {
  q: string;
  sort: RunSort;
  dir: SortDir;
  offset: number;
  limit: number;
}

export function runsQuery(filters: ApiFilters, input: RunsInput) {
  const { q, sort, dir, offset, limit } = input;
  return queryOptions({
    queryKey: ["runs", { q, sort, dir, offset, limit }, filters] as const,
    queryFn: ({ signal }) =>
      fetchJson<RunsResponse>(apiUrl("/api/runs", filters, { q: q.trim(), sort, dir, offset, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function facetsQuery(filters: ApiFilters | null, input: { dim: Dimension; q: string; limit: number }) {
  const { dim, q, limit } = input;
  return queryOptions({
    queryKey: ["facets", { dim, q, limit }, filters] as const,
    queryFn: ({ signal }) => fetchJson<FacetsResponse>(apiUrl("/api/facets", filters, { dim, q: q.trim(), limit }), { signal }),
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

export function runningQuery(filters: ApiFilters, input: RunningInput) {
  const { sort, dir, offset, limit } = input;
  return queryOptions({
    queryKey: ["running", { sort, dir, offset, limit }, filters] as const,
    queryFn: ({ signal }) => fetchJson<RunningResponse>(apiUrl("/api/running", filters, { sort, dir, offset, limit }), { signal }),
    placeholderData: keepPreviousData,
  });
}
