"use client";
import { useQuery } from "@tanstack/react-query";
import { apiUrl } from "@/lib/query/resources";
import { fetchJson } from "@/lib/query/fetch-json";
import { todayIn } from "@/lib/ui/date-range";
import { filtersOf, type Filters } from "@/lib/contract/filters";
import type { ForecastBody } from "@/lib/contract/answers";
import { useSettings } from "@/components/layout/settings-context";

/**
 * Whether a shared link's dates hold the current month so far (its first day up to today): the
 * server's rule for a shared view's forecast (lib/auth/share-scope.ts), checked here too so a
 * shared page never asks for what it would be refused.
 */
function shareHoldsMonth(shareQuery: string, today: string): boolean {
  const { from, to } = filtersOf(new URLSearchParams(shareQuery));
  return (!from || from <= `${today.slice(0, 8)}01`) && (!to || to >= today);
}

/**
 * The current month's forecast for the view's filters (GET /api/forecast ignores from/to): one
 * request shared by the forecast KPI and the cost chart's dashed continuation (same query key).
 */
export function useMonthForecast(filters: Filters) {
  const { shareScope, timeZone } = useSettings();
  const scope = { ...filters, from: null, to: null };
  return useQuery({
    queryKey: ["forecast", "month", scope] as const,
    queryFn: ({ signal }) => fetchJson<ForecastBody>(apiUrl("/api/forecast", scope, { period: "month" }), { signal }),
    enabled: shareScope === null || shareHoldsMonth(shareScope.query, todayIn(timeZone)),
    staleTime: 60_000,
  });
}
