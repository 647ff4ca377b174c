import { filtersOf, type Filters } from "@/lib/contract/filters";
import { DIMENSION_SPECS, FILTER_LISTS, isDimension } from "@/lib/contract/dimensions";
import { periodOf, PERIOD_KINDS, type PeriodKind } from "@/lib/forecast/period";
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
/**
 * The current period's forecast (the overview's KPI and the chart's dashed line): within the
 * link's filters, and only when the link's dates hold the period's days so far (its first day
 * up to today), since the forecast reports them whatever dates it is asked with.
 */
const FORECAST_ROUTE = "/api/forecast";
/**
 * The budget list, read-only: the route itself answers a shared view with only the budgets
 * whose scope lies within the link's filters, without their alert channels (app/api/budgets).
 */
const BUDGETS_ROUTE = "/api/budgets";
/** Status without run data. */
const STATUS_ROUTES = new Set(["/api/sync", "/api/health", "/api/auth/me"]);

export type ScopeDecision = { ok: true } | { ok: false; message: string };

const deny = (message: string): ScopeDecision => ({ ok: false, message });
const OK: ScopeDecision = { ok: true };

/** The link's own filters, read from its query string. */
export function scopeFilters(scope: ShareScope): Filters {
  return filtersOf(new URLSearchParams(scope.query), "q");
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

/** Whether a budget's scope (its filters without dates) lies within the link's filters. */
export function budgetWithinShare(scope: ShareScope, budgetFilters: Filters): boolean {
  return widening({ ...scopeFilters(scope), from: null, to: null }, { ...budgetFilters, from: null, to: null }) === null;
}

function forecastDecision(scope: ShareScope, params: URLSearchParams, today: string | undefined): ScopeDecision {
  if (!today) return deny("the forecast is not available in this shared view");
  const kind = params.get("period") ?? "month";
  if (!(PERIOD_KINDS as readonly string[]).includes(kind)) return deny("the forecast's period is not valid");
  let wanted: Filters;
  try {
    wanted = filtersOf(params, "q");
  } catch {
    return deny("the filters are not valid for this shared view");
  }
  const allowed = scopeFilters(scope);
  const reason = widening({ ...allowed, from: null, to: null }, { ...wanted, from: null, to: null });
  if (reason) return deny(`outside the shared view: ${reason}`);
  const period = periodOf(kind as PeriodKind, today);
  if ((allowed.from && allowed.from > period.from) || (allowed.to && allowed.to < today)) {
    return deny(`outside the shared view: the forecast reports ${period.from} to today, beyond the view's dates`);
  }
  return OK;
}

/**
 * Whether a shared view may make this API request. `today` is the local date in the
 * dashboard's zone (the forecast's period depends on it); without it the forecast is refused.
 */
export function shareMayCall(
  scope: ShareScope,
  method: string,
  pathname: string,
  params: URLSearchParams,
  today?: string,
): ScopeDecision {
  if (method !== "GET" && method !== "HEAD") return deny("a shared view is read-only");
  const csv = pathname.endsWith(".csv");
  const route = csv ? pathname.slice(0, -4) : pathname;
  if (csv && !scope.csv) return deny("this shared link does not allow CSV downloads");
  if (STATUS_ROUTES.has(route) && !csv) return OK;
  if (route === FORECAST_ROUTE && !csv) return forecastDecision(scope, params, today);
  if (route === BUDGETS_ROUTE && !csv) return OK;
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
