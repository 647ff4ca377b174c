"use client";
import { useState } from "react";
import { useQueryState, parseAsString } from "nuqs";
import { useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/lib/query/send-json";
import { formatCount, formatDateTime } from "@/lib/ui/format";
import { formatCents } from "@/lib/ui/format-cents";
import { isPeriodKey, lastFullMonth, periodLabel, recentMonths, recentQuarters } from "@/lib/ui/periods";
import { Card } from "@/components/layout/card";
import { ErrorState } from "@/components/layout/error-state";
import { PageHeader } from "@/components/layout/page-header";
import { Skeleton } from "@/components/layout/skeleton";
import { useSettings } from "@/components/layout/settings-context";
import { useFilters } from "@/components/filters/use-filters";
import { SharedCostsForm } from "./shared-costs-form";
import { StatementCards } from "./statement-cards";
import { StatementTable } from "./statement-table";
import { chargebackKey, useChargeback } from "./use-chargeback";
import type { ChargebackAnswer } from "./types";

const button = "inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle disabled:opacity-50";
const primary = "inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground disabled:opacity-50";

/** /chargeback: a month's or quarter's statement per team, its shared costs, closing, downloads. */
export function ChargebackView() {
  const { viewer, timeZone } = useSettings();
  const { today } = useFilters();
  const [periodParam, setPeriod] = useQueryState("period", parseAsString.withOptions({ history: "push" }));
  const period = periodParam && isPeriodKey(periodParam) ? periodParam : lastFullMonth(today);
  const answer = useChargeback(period);
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const admin = viewer === "admin";
  const refresh = () => void client.invalidateQueries({ queryKey: chargebackKey(period) });

  const act = async (action: "close" | "reopen") => {
    setBusy(true);
    const result = await sendJson(`/api/chargeback/${action}`, "POST", { period });
    setBusy(false);
    setError(result.ok ? null : result.message);
    refresh();
  };

  const data = answer.data;
  const teams = data ? data.statement.sections[0]?.lines.map((l) => l.team).filter((t) => t !== "Unallocated") ?? [] : [];

  return (
    <>
      <PageHeader
        title="Chargeback"
        share={false}
        description={`What each team owes for ${periodLabel(period)}, in ${timeZone} days. The last line is the deployment's total, the overview's figure for the same days.`}
        actions={
          <>
            <label className="sr-only" htmlFor="chargeback-period">
              Period
            </label>
            <select
              id="chargeback-period"
              data-testid="chargeback-period"
              value={period}
              onChange={(e) => void setPeriod(e.target.value)}
              className="h-8 rounded-md border border-border-strong bg-card pl-2 pr-7 text-sm font-medium"
            >
              <optgroup label="Months">
                {recentMonths(today, 24).map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Quarters">
                {recentQuarters(today, 8).map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.label}
                  </option>
                ))}
              </optgroup>
            </select>
            <a className={button} href={`/api/chargeback.csv?period=${encodeURIComponent(period)}`} data-testid="chargeback-csv" download>
              Ledger CSV
            </a>
            <a className={button} href={`/chargeback/print?period=${encodeURIComponent(period)}`}>
              Print statements
            </a>
            {admin && data ? (
              data.closed ? (
                <button type="button" className={button} disabled={busy} onClick={() => void act("reopen")} data-testid="chargeback-reopen">
                  Reopen {periodLabel(period)}
                </button>
              ) : (
                <button type="button" className={primary} disabled={busy} onClick={() => void act("close")} data-testid="chargeback-close">
                  Close {periodLabel(period)}
                </button>
              )
            ) : null}
          </>
        }
      />
      {error ? (
        <p role="alert" className="mb-4 rounded-lg border border-danger bg-danger-soft p-3 text-sm">
          {error}
        </p>
      ) : null}
      {answer.isError ? <ErrorState error={answer.error} onRetry={() => void answer.refetch()} /> : null}
      {!data && !answer.isError ? <Skeleton className="h-64" /> : null}
      {data ? (
        <div className="flex flex-col gap-4">
          <ClosingBanner data={data} timeZone={timeZone} />
          {data.statement.sections.length === 0 ? (
            <Card>
              <p className="text-sm text-muted">No runs started in {periodLabel(period)}.</p>
            </Card>
          ) : (
            data.statement.sections.map((section) => (
              <Card key={section.currency} title={`${periodLabel(period)} · ${section.currency}`} titleId={`statement-title-${section.currency}`}>
                <div className="pb-2">
                  {/* Cards on a phone, the table from the small breakpoint up and always on paper. */}
                  <StatementCards section={section} period={period} className="sm:hidden print:hidden" />
                  <StatementTable section={section} period={period} className="hidden sm:block print:block" />
                </div>
              </Card>
            ))
          )}
          <Card
            title="Shared costs"
            description="Fixed costs of the period (a licence, storage, the platform team), spread over the teams to the cent. They have their own column and are in the total."
            titleId="shared-costs-title"
          >
            <SharedCostsForm
              key={period}
              period={period}
              sections={data.statement.sections}
              teams={teams}
              editable={admin && !data.closed}
              onChanged={refresh}
            />
          </Card>
          {data.history.length > 0 ? (
            <Card title="Closing history" titleId="closing-history-title">
              <ul className="space-y-1 text-sm">
                {data.history.map((e, i) => (
                  <li key={i}>
                    {e.action === "close" ? "Closed" : "Reopened"} by {e.actor} · {formatDateTime(e.at, timeZone)}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function ClosingBanner({ data, timeZone }: { data: ChargebackAnswer; timeZone: string }) {
  if (!data.closed) {
    return <p className="text-sm text-muted">Open: figures follow every sync and rule change until the period is closed.</p>;
  }
  const changes = data.changes;
  return (
    <div role="status" data-testid="chargeback-closed" className="rounded-lg border border-border bg-card p-4 text-sm">
      <p className="font-semibold">
        Closed by {data.closed.by} · {formatDateTime(data.closed.at, timeZone)}. This statement is frozen as it stood.
      </p>
      {changes && (changes.totals.length > 0 || changes.lines.length > 0) ? (
        <ul className="mt-2 list-disc space-y-1 pl-5" data-testid="chargeback-changes">
          {changes.totals.map((t) => (
            <li key={t.currency}>
              {t.computeCentsDelta >= 0
                ? `${formatCents(t.computeCentsDelta, t.currency)} of runs (${formatCount(t.runsDelta)} runs) arrived after closing; they are not in this statement.`
                : `${formatCents(-t.computeCentsDelta, t.currency)} less is recorded now than when it was closed (${formatCount(t.runsDelta)} runs).`}
            </li>
          ))}
          {changes.lines.map((l) => (
            <li key={`${l.currency}-${l.team}`}>
              {l.team}: {l.computeCentsDelta >= 0 ? "+" : "−"}
              {formatCents(Math.abs(l.computeCentsDelta), l.currency)} ({l.runsDelta >= 0 ? "+" : "−"}
              {formatCount(Math.abs(l.runsDelta))} runs) since closing
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-muted">Nothing has changed in the store for this period since it was closed.</p>
      )}
    </div>
  );
}
