"use client";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query/fetch-json";
import type { Delivery } from "@/lib/alerts/types";
import { formatDateTime } from "@/lib/ui/format";
import { useSettings } from "@/components/layout/settings-context";
import { ErrorState } from "@/components/layout/error-state";

const TONE: Record<Delivery["status"], string> = {
  sent: "text-success",
  pending: "text-warning",
  sending: "text-warning",
  failed: "text-danger",
};

/** Every alert delivery: when, budget, threshold, channel, outcome, tries and the last error. */
export function DeliveryTable() {
  const { timeZone } = useSettings();
  const deliveries = useQuery({
    queryKey: ["alert-deliveries"],
    queryFn: ({ signal }) => fetchJson<{ deliveries: Delivery[] }>("/api/alert-deliveries", { signal }),
    refetchInterval: 15_000,
  });
  if (deliveries.isPending) return <p className="text-sm text-muted">Loading deliveries…</p>;
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.deliveries.length === 0) {
    return <p className="rounded-xl border border-border bg-card p-6 text-sm text-muted">No alerts sent yet. They go out when a budget crosses one of its thresholds.</p>;
  }
  return (
    <>
      {/* Phones: one card per delivery; wider screens: the table. */}
      <ul className="flex flex-col gap-2 sm:hidden" data-testid="delivery-cards">
        {deliveries.data.deliveries.map((d) => (
          <li key={d.id} className="rounded-xl border border-border bg-card p-3 text-sm">
            <div className="flex items-start justify-between gap-2">
              <span className="font-medium">{d.budgetName}</span>
              <span className={"font-medium " + TONE[d.status]}>{d.status}</span>
            </div>
            <p className="text-xs text-muted tabular">
              {formatDateTime(d.finishedAt ?? d.createdAt, timeZone)} · {d.thresholdPct} % {d.thresholdKind === "actual" ? "spent" : "forecast"} · {d.tries}{" "}
              {d.tries === 1 ? "try" : "tries"}
            </p>
            <p className="mt-1 break-all text-xs">
              <span className="text-muted">{d.channelType === "webhook" ? "Webhook" : "E-mail"}</span> {d.channelTarget}
            </p>
            {d.lastError ? <p className="mt-1 break-words text-xs text-muted">{d.lastError}</p> : null}
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-xl border border-border bg-card sm:block" tabIndex={0} role="region" aria-label="Alert deliveries">
        <table className="w-full min-w-[44rem] text-sm" data-testid="delivery-table">
          <thead className="bg-subtle text-left text-muted">
            <tr>
              <th className="px-3 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Budget</th>
              <th className="px-3 py-2 font-medium">Threshold</th>
              <th className="px-3 py-2 font-medium">Channel</th>
              <th className="px-3 py-2 font-medium">Outcome</th>
              <th className="px-3 py-2 text-right font-medium">Tries</th>
              <th className="px-3 py-2 font-medium">Last error</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.deliveries.map((d) => (
              <tr key={d.id} className="border-t border-border align-top" data-testid="delivery-row">
                <td className="whitespace-nowrap px-3 py-2 tabular">{formatDateTime(d.finishedAt ?? d.createdAt, timeZone)}</td>
                <td className="px-3 py-2">
                  {d.budgetName}
                  <span className="block text-xs text-muted">period from {d.periodFrom}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {d.thresholdPct} % {d.thresholdKind === "actual" ? "spent" : "forecast"}
                </td>
                <td className="max-w-[16rem] truncate px-3 py-2" title={d.channelTarget}>
                  <span className="text-muted">{d.channelType === "webhook" ? "Webhook" : "E-mail"}</span> {d.channelTarget}
                </td>
                <td className={"px-3 py-2 font-medium " + TONE[d.status]}>{d.status}</td>
                <td className="px-3 py-2 text-right tabular">{d.tries}</td>
                <td className="max-w-[20rem] px-3 py-2 text-xs text-muted">{d.lastError ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
