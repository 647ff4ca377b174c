"use client";
import type { Filters } from "@/lib/contract/filters";
import { formatMoney } from "@/lib/ui/format";
import { useMonthForecast } from "./use-forecast";
import { Skeleton } from "@/components/layout/skeleton";

/**
 * "Forecast for December 2026: $X ($low–$high)" for the view's filters: the current month
 * whatever dates the view shows (GET /api/forecast ignores from/to). Its own small request
 * (useMonthForecast, shared with the cost chart's dashed line): it depends on the filters only, not on the dates.
 */
export function ForecastKpi({ filters }: { filters: Filters }) {
  const forecast = useMonthForecast(filters);
  // A shared view whose dates do not hold the month so far is refused the forecast (lib/auth/share-scope.ts): no card then.
  if (forecast.isError || (forecast.isPending && forecast.fetchStatus === "idle")) return null;
  const data = forecast.data;
  const month = data?.period.label.split(" ")[0];
  return (
    <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1 rounded-xl border border-border bg-card px-4 py-3" data-testid="kpi-forecast">
      {!data ? (
        // As tall as the figure line it stands for: the cards below do not move when it lands.
        <Skeleton className="h-7 w-72" />
      ) : data.currency === null ? (
        <p className="text-sm text-muted">No runs in this view: nothing to forecast.</p>
      ) : (
        <>
          <p className="text-sm">
            <span className="font-medium">Forecast for {month}:</span>{" "}
            <span className="text-lg font-semibold tabular" data-testid="kpi-forecast-value">
              {formatMoney(data.forecast, data.currency)}
            </span>{" "}
            <span className="text-muted tabular">
              ({formatMoney(data.low, data.currency)}–{formatMoney(data.high, data.currency)})
            </span>
          </p>
          <p className="text-xs text-muted tabular">
            {formatMoney(data.spent, data.currency)} spent by {data.today} · 80 % range
          </p>
        </>
      )}
    </div>
  );
}
