"use client";
import { useSearchParams } from "next/navigation";
import { filterParsers } from "@/components/filters/filter-params";

const SHARED = new Set<string>(Object.keys(filterParsers));

/** The current filters as a query string ("?range=90d&tier=…"), for links to other pages. */
export function useSharedQuery(extra: Record<string, string | string[]> = {}): string {
  const searchParams = useSearchParams();
  const params = new URLSearchParams();
  searchParams.forEach((value, key) => {
    if (SHARED.has(key) && !(key in extra)) params.append(key, value);
  });
  for (const [key, value] of Object.entries(extra)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}
