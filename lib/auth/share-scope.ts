import { FILTER_KEYS, parseFilters, type Filters } from "@/lib/analytics/filters";
import { DIMENSION_SPECS, FILTER_LISTS, isDimension } from "@/lib/analytics/dimensions";
import type { ShareScope } from "./share-token";

/**
 * What a shared view may ask of the API: the read routes its page uses, with filters at
 * least as narrow as the link's. Narrowing (a drill-down inside the view) is allowed;
 * anything wider, another page's data or any write is refused.
 */

/** Aggregates every shared page shows (cards, charts, filter pickers). */
const AGGREGATE_ROUTES = new Set(["/api/overview", "/api/totals", "/api/breakdown", "/api/timeseries", "/api/facets"]);
/** Row-level data: only a shared runs page lists single runs. */
const ROW_ROUTES = new Set(["/api/runs"]);
/**
 * Runs in flight: single runs, so only for a shared /running (or /runs) page; its summary
 * alone (`limit=0`: counts and costs, the overview's card) is an aggregate any page may read.
 */
const RUNNING_ROUTE = "/api/running";
const RUNNING_PAGES = new Set(["/running", "/runs"]);
/** Status without run data. */
const STATUS_ROUTES = new Set(["/api/sync", "/api/health", "/api/auth/me"]);

export type ScopeDecision = { ok: true } | { ok: false; message: string };

const deny = (message: string): ScopeDecision => ({ ok: false, message });
const OK: ScopeDecision = { ok: true };

/** The link's own filters, read from its query string. */
export function scopeFilters(scope: ShareScope): Filters {
  return filtersOf(new URLSearchParams(scope.query), "q");
}

/** Only the filter keys of `params` (other keys are the route's business), `textKey` read as the text filter. */
export function filtersOf(params: URLSearchParams, textKey: string): Filters {
  const only = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const source = key === "q" ? textKey : key;
    for (const value of params.getAll(source)) only.append(key, value);
  }
  return parseFilters(only);
}

/** Why `wanted` reaches outside `allowed`, or null when it stays inside. */
export function widening(allowed: Filters, wanted: Filters): string | null {
  if (allowed.from && (!wanted.from || wanted.from < allowed.from)) return `from must be ${allowed.from} or later`;
  if (allowed.to && (!wanted.to || wanted.to > allowed.to)) return `to must be ${allowed.to} or earlier`;
  for (const key of FILTER_LISTS) {
    const limit = allowed[key];
    if (limit.length === 0) continue;
    if (wanted[key].length === 0) return `${key} must stay within ${limit.join(", ")}`;
    const outside = wanted[key].find((v) => !limit.includes(v));
    if (outside !== undefined) return `${key} "${outside}" is outside the shared view`;
  }
  // Runs whose text holds the wanted search also hold the link's when it is part of it.
  if (allowed.q && !(wanted.q && wanted.q.toLowerCase().includes(allowed.q.toLowerCase()))) {
    return `the search must keep "${allowed.q}"`;
  }
  return null;
}

/** Whether a shared view may make this API request. */
export function shareMayCall(scope: ShareScope, method: string, pathname: string, params: URLSearchParams): ScopeDecision {
  if (method !== "GET" && method !== "HEAD") return deny("a shared view is read-only");
  const csv = pathname.endsWith(".csv");
  const route = csv ? pathname.slice(0, -4) : pathname;
  if (csv && !scope.csv) return deny("this shared link does not allow CSV downloads");
  if (STATUS_ROUTES.has(route) && !csv) return OK;
  if (route === RUNNING_ROUTE) {
    const summaryOnly = !csv && params.get("limit") === "0";
    if (!summaryOnly && !RUNNING_PAGES.has(scope.page)) return deny("this shared view does not include single runs");
  } else {
    const rows = ROW_ROUTES.has(route);
    if (!AGGREGATE_ROUTES.has(route) && !rows) return deny("a shared view cannot use this part of the API");
    if (rows && scope.page !== "/runs") return deny("this shared view does not include single runs");
  }

  let wanted: Filters;
  try {
    // /api/facets reads `q` as its value search; the runs' text filter travels as filterQ.
    wanted = filtersOf(params, route === "/api/facets" ? "filterQ" : "q");
  } catch {
    return deny("the filters are not valid for this shared view");
  }
  const allowed = scopeFilters(scope);
  const reason = widening(allowed, wanted);
  if (reason) return deny(`outside the shared view: ${reason}`);
  if (route === "/api/facets") {
    // A picker lists its own dimension's values without its own filter: outside the view.
    const dim = params.get("dim") ?? "";
    if (isDimension(dim) && allowed[DIMENSION_SPECS[dim].filter].length > 0) {
      return deny(`the shared view is limited to chosen ${DIMENSION_SPECS[dim].filter} values`);
    }
  }
  return OK;
}
