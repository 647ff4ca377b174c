/**
 * The one QueryClient factory (TanStack Query's nextjs-app-prefetching pattern): a fresh
 * client per server render, one shared client in the browser.
 */
import { QueryClient, isServer } from "@tanstack/react-query";
import { ApiRequestError } from "./fetch-json";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The data changes only when a sync lands; the sync badge invalidates then.
        staleTime: 60_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry; network trouble and 5xx might.
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
