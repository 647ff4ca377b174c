"use client";
import Link from "next/link";
import { formatCount, formatHours, formatShare } from "@/lib/ui/format";
import { formatCents } from "@/lib/ui/format-cents";
import type { StatementSection } from "./types";

/**
 * One currency's statement on a phone: a card per team with its total first and every other
 * figure of the table on the lines below it (cost centre, runs, hours, share, compute, shared,
 * each hardware tier), then the rounding difference and the deployment total. The table's dozen
 * columns would otherwise need a sideways swipe on a 390 px screen.
 */
export function StatementCards({ section, period, className = "" }: { section: StatementSection; period: string; className?: string }) {
  const c = (cents: number) => formatCents(cents, section.currency);
  const hasShared = section.totals.sharedCents !== 0 || section.sharedCosts.length > 0;
  const sumOfLines = section.lines.reduce((s, l) => s + l.computeCents, 0);
  const tiers = (tierCents: Record<string, number | undefined>) =>
    section.tiers
      .filter((tier) => tierCents[tier] !== undefined)
      .map((tier) => (
        <span key={tier} className="whitespace-nowrap">
          <span className="text-muted">{tier}</span> <span className="tabular">{c(tierCents[tier]!)}</span>
        </span>
      ));
  return (
    <ul className={`text-sm ${className}`} aria-label={`Chargeback statement in ${section.currency}`} data-testid={`statement-cards-${section.currency}`}>
      {section.lines.map((line) => (
        <li key={line.team} className="border-b border-border py-2.5" data-testid="statement-card">
          <div className="flex items-baseline justify-between gap-3">
            <span className="min-w-0 break-words font-medium">{line.team}</span>
            <span className="tabular whitespace-nowrap font-semibold">{c(line.totalCents)}</span>
          </div>
          <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-muted">
            {line.costCentre ? <span>{line.costCentre}</span> : null}
            <span className="tabular">{formatCount(line.runs)} runs</span>
            <span className="tabular">{formatHours(line.computeHours)}</span>
            <span className="tabular">{formatShare(line.share)} of compute</span>
          </p>
          <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs">
            <span>
              Compute <span className="tabular">{c(line.computeCents)}</span>
            </span>
            {hasShared ? (
              <span>
                Shared <span className="tabular">{c(line.sharedCents)}</span>
              </span>
            ) : null}
          </p>
          {section.tiers.length > 0 ? <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs">{tiers(line.tierCents)}</p> : null}
          <Link
            className="mt-1 inline-block text-xs text-accent underline-offset-2 hover:underline"
            href={`/chargeback/print?period=${encodeURIComponent(period)}&team=${encodeURIComponent(line.team)}`}
            aria-label={`Printable statement for ${line.team}`}
          >
            Print
          </Link>
        </li>
      ))}
      <li className="border-b border-border py-2.5 text-muted">
        <div className="flex items-baseline justify-between gap-3">
          <span>Rounding difference</span>
          <span className="tabular whitespace-nowrap">{c(section.roundingCents)}</span>
        </div>
        <p className="mt-0.5 text-xs">lines sum to {c(sumOfLines)}; each line is rounded to the cent on its own</p>
      </li>
      <li className="py-2.5">
        <div className="flex items-baseline justify-between gap-3 font-semibold">
          <span>Deployment total</span>
          <span className="tabular whitespace-nowrap">{c(section.totals.totalCents)}</span>
        </div>
        <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-muted">
          <span className="tabular">{formatCount(section.totals.runs)} runs</span>
          <span className="tabular">{formatHours(section.totals.computeHours)}</span>
        </p>
        <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs">
          <span>
            Compute <span className="tabular">{c(section.totals.computeCents)}</span>
          </span>
          {hasShared ? (
            <span>
              Shared <span className="tabular">{c(section.totals.sharedCents)}</span>
            </span>
          ) : null}
        </p>
        {section.tiers.length > 0 ? <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs">{tiers(section.totals.tierCents)}</p> : null}
      </li>
    </ul>
  );
}
