"use client";
import { useQuery } from "@tanstack/react-query";
import { apiUrl } from "@/lib/query/resources";
import { fetchJson } from "@/lib/query/fetch-json";
import type { ApiFilters } from "@/lib/ui/filters";
import type { ForecastBody } from "@/lib/forecast/types";

/**
 * The current month's forecast for the view's filters (GET /api/forecast ignores from/to): one
 * request shared by the forecast KPI and the cost chart's dashed continuation (same query key).
 */
export function useMonthForecast(filters: ApiFilters) {
  const scope = { ...filters, from: null, to: null };
  return useQuery({
    queryKey: ["forecast", "month", scope] as const,
    queryFn: ({ signal }) => fetchJson<ForecastBody>(apiUrl("/api/forecast", scope, { period: "month" }), { signal }),
    staleTime: 60_000,
  });
}
