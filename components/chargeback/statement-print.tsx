"use client";
import { useState } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { formatCount, formatDateTime, formatHours, formatShare } from "@/lib/ui/format";
import { formatCents } from "@/lib/ui/format-cents";
import { isPeriodKey, lastFullMonth, periodLabel } from "@/lib/ui/periods";
import { ErrorState } from "@/components/layout/error-state";
import { Skeleton } from "@/components/layout/skeleton";
import { useSettings } from "@/components/layout/settings-context";
import { useFilters } from "@/components/filters/use-filters";
import { useChargeback } from "./use-chargeback";
import type { StatementLine, StatementSection } from "./types";

const PAPER = { a4: "A4", letter: "letter" } as const;

/**
 * Print-ready statements: a page per team (or the one team asked for), each with its header
 * (period, team, cost centre, manager) and totals. The browser's "Save as PDF" makes the
 * document; the paper size (A4 or Letter) is set for @page here.
 */
export function StatementPrint() {
  const params = useSearchParams();
  const { today } = useFilters();
  const { timeZone } = useSettings();
  const raw = params.get("period") ?? "";
  const period = isPeriodKey(raw) ? raw : lastFullMonth(today);
  const team = params.get("team");
  const [paper, setPaper] = useState<keyof typeof PAPER>("a4");
  const answer = useChargeback(period);
  const data = answer.data;

  const pages: { section: StatementSection; line: StatementLine }[] = [];
  for (const section of data?.statement.sections ?? []) {
    for (const line of section.lines) if (!team || line.team === team) pages.push({ section, line });
  }

  return (
    <div className="statement-print">
      <style>{`@page { size: ${PAPER[paper]}; margin: 16mm; }`}</style>
      <div className="mb-4 flex flex-wrap items-center gap-2 print:hidden">
        <Link href={`/chargeback?period=${encodeURIComponent(period)}`} className="inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle">
          Back to chargeback
        </Link>
        <label className="sr-only" htmlFor="paper-size">
          Paper size
        </label>
        <select id="paper-size" value={paper} onChange={(e) => setPaper(e.target.value as keyof typeof PAPER)} className="h-8 rounded-md border border-border-strong bg-card pl-2 pr-7 text-sm font-medium">
          <option value="a4">A4</option>
          <option value="letter">Letter</option>
        </select>
        <button type="button" onClick={() => window.print()} className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground">
          Print or save as PDF
        </button>
        {team ? (
          <a
            href={`/api/chargeback.csv?period=${encodeURIComponent(period)}&team=${encodeURIComponent(team)}`}
            className="inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle"
            download
          >
            CSV
          </a>
        ) : null}
      </div>
      {answer.isError ? <ErrorState error={answer.error} onRetry={() => void answer.refetch()} /> : null}
      {!data && !answer.isError ? <Skeleton className="h-96" /> : null}
      {data && pages.length === 0 ? <p className="text-sm">No statement for {team ? `team ${team}` : "any team"} in {periodLabel(period)}.</p> : null}
      {data
        ? pages.map(({ section, line }) => (
            <article
              key={`${section.currency}-${line.team}`}
              data-testid="statement-page"
              className="statement-page mx-auto mb-6 max-w-3xl rounded-xl border border-border bg-card p-6 text-sm shadow-sm print:mb-0 print:max-w-none print:rounded-none print:border-0 print:p-0 print:shadow-none"
            >
              <header className="flex flex-wrap items-start justify-between gap-4 border-b border-border pb-4">
                <div>
                  <p className="text-xs uppercase tracking-wide text-muted">Chargeback statement · Runledger</p>
                  <h1 className="mt-1 text-xl font-semibold">{line.team}</h1>
                  <p className="text-muted">
                    Cost centre <span className="font-medium text-foreground">{line.costCentre}</span>
                    {line.managerEmail ? ` · Manager ${line.managerEmail}` : ""}
                  </p>
                </div>
                <div className="text-right">
                  <p className="font-semibold">{periodLabel(period)}</p>
                  <p className="text-muted">
                    {data.statement.period.from} – {data.statement.period.to} ({data.statement.timeZone})
                  </p>
                  <p className="text-muted">{data.closed ? `Closed by ${data.closed.by}, ${formatDateTime(data.closed.at, timeZone)}` : "Open: figures may still change"}</p>
                </div>
              </header>
              <dl className="grid grid-cols-3 gap-4 py-4">
                <div>
                  <dt className="text-xs text-muted">Runs</dt>
                  <dd className="tabular text-base font-semibold">{formatCount(line.runs)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-muted">Compute hours</dt>
                  <dd className="tabular text-base font-semibold">{formatHours(line.computeHours)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-muted">Share of compute</dt>
                  <dd className="tabular text-base font-semibold">{formatShare(line.share)}</dd>
                </div>
              </dl>
              <table className="w-full">
                <caption className="sr-only">Charges for {line.team}</caption>
                <thead>
                  <tr className="border-b border-border text-left text-xs text-muted">
                    <th scope="col" className="py-2 font-medium">
                      Item
                    </th>
                    <th scope="col" className="py-2 text-right font-medium">
                      Amount ({section.currency})
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {section.tiers
                    .filter((tier) => line.tierCents[tier] !== undefined)
                    .map((tier) => (
                      <tr key={tier} className="border-b border-border">
                        <td className="py-2">Compute · {tier}</td>
                        <td className="tabular py-2 text-right">{formatCents(line.tierCents[tier]!, section.currency)}</td>
                      </tr>
                    ))}
                  {tierRounding(line) !== 0 ? (
                    <tr className="border-b border-border text-muted">
                      <td className="py-2">Rounding (tiers to the compute line)</td>
                      <td className="tabular py-2 text-right">{formatCents(tierRounding(line), section.currency)}</td>
                    </tr>
                  ) : null}
                  <tr className="border-b border-border font-medium">
                    <td className="py-2">Compute cost</td>
                    <td className="tabular py-2 text-right">{formatCents(line.computeCents, section.currency)}</td>
                  </tr>
                  <tr className="border-b border-border">
                    <td className="py-2">Shared costs{section.sharedCosts.length > 0 ? ` (${section.sharedCosts.map((s) => s.label).join(", ")})` : ""}</td>
                    <td className="tabular py-2 text-right">{formatCents(line.sharedCents, section.currency)}</td>
                  </tr>
                </tbody>
                <tfoot>
                  <tr className="text-base font-semibold">
                    <th scope="row" className="py-3 text-left">
                      Total due
                    </th>
                    <td className="tabular py-3 text-right" data-testid="statement-page-total">
                      {formatCents(line.totalCents, section.currency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
              <p className="mt-4 text-xs text-muted">
                Deployment total for the period: {formatCents(section.totals.totalCents, section.currency)} ({formatCents(section.totals.computeCents, section.currency)} compute,{" "}
                {formatCents(section.totals.sharedCents, section.currency)} shared). Each amount is the exact sum of its runs rounded to the cent.
              </p>
            </article>
          ))
        : null}
    </div>
  );
}

function tierRounding(line: StatementLine): number {
  return line.computeCents - Object.values(line.tierCents).reduce((s, c) => s + c, 0);
}
