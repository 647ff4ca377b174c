"use client";
import { useEffect, useRef } from "react";
import type { RunRow } from "@/lib/contract/answers";
import { formatDateTime, formatDuration, formatHours, formatMoney, formatUnitPrice } from "@/lib/ui/format";
import { StatusBadge } from "./status-badge";

/** Every field of one run, in the gateway's order, with times in the deployment's zone. */
export function RunDetails({ run, timeZone, onClose }: { run: RunRow; timeZone: string; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, [run.runId]);

  const cluster = run.computeClusterDetails;
  const fields: [string, React.ReactNode][] = [
    ["Run ID", <code key="id" className="break-all text-xs">{run.runId}</code>],
    ["Batch ID", <code key="batch" className="break-all text-xs">{run.batchId}</code>],
    ["Status", <StatusBadge key="status" status={run.status} />],
    ["Run type", run.runType],
    ["Project", run.projectKey],
    ["Project ID", <code key="pid" className="break-all text-xs">{run.projectId}</code>],
    ["Owner", `${run.projectOwnerName}`],
    ["User", run.userName],
    ["User ID", <code key="uid" className="break-all text-xs">{run.userId}</code>],
    ["Hardware tier", run.hardwareTier],
    ["Tier price", `${formatUnitPrice(run.hardwareTierCostAmount, run.hardwareTierCostCurrency)} / min`],
    ["Queued", formatDateTime(run.queuedTime, timeZone)],
    ["Started", formatDateTime(run.startTime, timeZone)],
    ["Ended", formatDateTime(run.endTime, timeZone)],
    ["Duration", formatDuration(run.runDurationSec)],
    ["Compute hours", formatHours(run.computeHours)],
    ["Total cost", <strong key="cost" className="tabular">{formatMoney(run.totalCostAmount, run.totalCostCurrency)}</strong>],
    ["Command", <code key="cmd" className="block whitespace-pre-wrap break-all rounded bg-subtle p-2 text-xs">{run.command || "–"}</code>],
  ];
  if (cluster) {
    fields.push(
      ["Cluster", `${cluster.computeClusterType} · ${cluster.workerCount} worker${cluster.workerCount === 1 ? "" : "s"}`],
      ["Worker tier", `${cluster.workerHardwareTierId} (${formatMoney(cluster.workerHardwareTierCostPerMinute, run.totalCostCurrency)} / min)`],
      [
        "Master tier",
        cluster.masterHardwareTierId
          ? `${cluster.masterHardwareTierId} (${formatMoney(cluster.masterHardwareTierCostPerMinute ?? 0, run.totalCostCurrency)} / min)`
          : "–",
      ],
    );
  }

  return (
    <aside
      aria-labelledby="run-details-title"
      data-testid="run-details"
      className="rounded-xl border border-border bg-card shadow-lg xl:sticky xl:top-28 xl:shadow-none"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <div className="flex items-start justify-between gap-3 border-b border-border px-4 py-3">
        <div className="min-w-0">
          <h2 id="run-details-title" className="truncate text-sm font-semibold" title={run.title}>
            {run.title || run.runId}
          </h2>
          <p className="text-xs text-muted">Run details · times in {timeZone}</p>
        </div>
        <button
          ref={closeRef}
          type="button"
          onClick={onClose}
          aria-label="Close run details"
          className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-foreground"
        >
          <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5">
            <path d="M18 6 6 18M6 6l12 12" />
          </svg>
        </button>
      </div>
      <dl className="grid grid-cols-[7.5rem_1fr] gap-x-3 gap-y-2 px-4 py-3 text-sm">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted">{label}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
