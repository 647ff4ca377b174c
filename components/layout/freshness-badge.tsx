"use client";
import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { syncQuery } from "@/lib/query/resources";
import { formatAgo, formatCount, formatDateTime } from "@/lib/ui/format";
import { useSettings } from "./settings-context";

/**
 * "Data as of …" with a progress bar while a sync runs. When the store's data version moves,
 * every cached answer is stale: they are invalidated, and the pages refetch what they show.
 */
export function FreshnessBadge() {
  const { timeZone } = useSettings();
  const queryClient = useQueryClient();
  const { data, isError } = useQuery(syncQuery());
  const lastVersion = useRef<number | null>(null);
  const [now, setNow] = useState<Date | null>(null);

  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!data) return;
    if (lastVersion.current !== null && lastVersion.current !== data.dataVersion) {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "sync" });
    }
    lastVersion.current = data.dataVersion;
  }, [data, queryClient]);

  const running = data?.running ?? false;
  const percent = data?.progress?.percent ?? null;
  const asOf = data?.dataAsOf ?? null;
  const label = running
    ? data?.kind === "backfill" && !asOf
      ? "First sync…"
      : "Syncing…"
    : asOf && now
      ? `Data as of ${formatAgo(asOf, now)}`
      : asOf
        ? "Data as of …"
        : isError
          ? "Sync status unavailable"
          : "No data yet";
  const title = [
    asOf ? `Data as of ${formatDateTime(asOf, timeZone)} (${timeZone})` : "No completed sync yet",
    data ? `${formatCount(data.runCount)} runs stored` : null,
    running && data?.progress ? `${formatCount(data.progress.runsStored)} runs read so far` : null,
    data?.lastError ? `Last sync error: ${data.lastError.message}` : null,
  ]
    .filter(Boolean)
    .join(" · ");

  return (
    <div
      data-testid="freshness"
      data-running={running ? "true" : "false"}
      data-version={data?.dataVersion ?? ""}
      title={title}
      className="flex min-w-0 flex-col items-end gap-1"
    >
      <span className="flex items-center gap-1.5 whitespace-nowrap text-xs text-muted" aria-live="polite">
        <span
          aria-hidden="true"
          className={
            "h-1.5 w-1.5 rounded-full " +
            (data?.lastError && !running ? "bg-danger" : running ? "animate-pulse bg-accent" : asOf ? "bg-success" : "bg-border-strong")
          }
        />
        <span className="hidden sm:inline">{label}</span>
        <span className="sr-only sm:hidden">{label}</span>
        {data?.lastError && !running ? <span className="sr-only">. Last sync failed: {data.lastError.message}</span> : null}
      </span>
      {running ? (
        <div
          role="progressbar"
          aria-label="Sync progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent === null ? undefined : Math.round(percent)}
          className="h-1 w-28 overflow-hidden rounded-full bg-subtle"
        >
          <div
            className={"h-full rounded-full bg-accent transition-[width] " + (percent === null ? "w-1/3 animate-pulse" : "")}
            style={percent === null ? undefined : { width: `${Math.max(2, Math.min(100, percent))}%` }}
          />
        </div>
      ) : null}
    </div>
  );
}
