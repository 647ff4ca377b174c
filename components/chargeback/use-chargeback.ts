"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query/fetch-json";
import type { ChargebackAnswer } from "./types";

export function chargebackKey(period: string) {
  return ["chargeback", { period }] as const;
}

/** The statement of one period (frozen when closed) with its closing state and history. */
export function useChargeback(period: string) {
  return useQuery({
    queryKey: chargebackKey(period),
    queryFn: ({ signal }) => fetchJson<ChargebackAnswer>(`/api/chargeback?period=${encodeURIComponent(period)}`, { signal }),
  });
}

/** Cents as money in their currency ("$1,234.56"). */
export { formatCents } from "@/lib/ui/format-cents";
