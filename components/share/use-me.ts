"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query/fetch-json";

/** Who this browser is (GET /api/auth/me): decides Share, the shared-view banner and sign-out. */
export interface Me {
  mode: "password" | "proxy" | "none";
  kind: "admin" | "viewer" | "token" | "share" | "anonymous";
  user?: string;
  canSignOut?: boolean;
  share?: { page: string; expiresAt: string; csv: boolean };
}

export function meQuery() {
  return queryOptions({
    queryKey: ["me"] as const,
    queryFn: ({ signal }) => fetchJson<Me>("/api/auth/me", { signal }),
    staleTime: 60_000,
    retry: false,
  });
}

export function useMe() {
  return useQuery(meQuery()).data;
}
