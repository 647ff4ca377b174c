"use client";
import Link from "next/link";
import { formatCount, formatHours, formatShare } from "@/lib/ui/format";
import { formatCents } from "@/lib/ui/format-cents";
import type { StatementSection } from "./types";

const th = "whitespace-nowrap px-3 py-2 text-right text-xs font-medium text-muted";
const td = "whitespace-nowrap px-3 py-2 text-right tabular";

/**
 * One currency's statement: a line per team (Unallocated last), the rounding difference, then
 * the deployment total, which is the overview's figure for the period.
 */
export function StatementTable({ section, period }: { section: StatementSection; period: string }) {
  const c = (cents: number) => formatCents(cents, section.currency);
  const hasShared = section.totals.sharedCents !== 0 || section.sharedCosts.length > 0;
  const sumOfLines = section.lines.reduce((s, l) => s + l.computeCents, 0);
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm" data-testid={`statement-${section.currency}`}>
        <caption className="sr-only">
          Chargeback statement in {section.currency}: one line per team, then the rounding difference and the deployment total
        </caption>
        <thead className="border-b border-border">
          <tr>
            <th scope="col" className={`${th} text-left`}>
              Team
            </th>
            <th scope="col" className={`${th} text-left`}>
              Cost centre
            </th>
            <th scope="col" className={th}>
              Runs
            </th>
            <th scope="col" className={th}>
              Compute hours
            </th>
            {section.tiers.map((tier) => (
              <th scope="col" key={tier} className={th}>
                {tier}
              </th>
            ))}
            <th scope="col" className={th}>
              Compute cost
            </th>
            <th scope="col" className={th}>
              Share
            </th>
            {hasShared ? (
              <th scope="col" className={th}>
                Shared costs
              </th>
            ) : null}
            <th scope="col" className={th}>
              Total
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">Statement</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {section.lines.map((line) => (
            <tr key={line.team} className="border-b border-border" data-testid="statement-line">
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium">
                {line.team}
              </th>
              <td className="whitespace-nowrap px-3 py-2 text-muted">{line.costCentre}</td>
              <td className={td}>{formatCount(line.runs)}</td>
              <td className={td}>{formatHours(line.computeHours)}</td>
              {section.tiers.map((tier) => (
                <td key={tier} className={td}>
                  {line.tierCents[tier] === undefined ? <span className="text-muted">–</span> : c(line.tierCents[tier]!)}
                </td>
              ))}
              <td className={td}>{c(line.computeCents)}</td>
              <td className={td}>{formatShare(line.share)}</td>
              {hasShared ? <td className={td}>{c(line.sharedCents)}</td> : null}
              <td className={`${td} font-semibold`}>{c(line.totalCents)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right">
                <Link
                  className="text-accent underline-offset-2 hover:underline"
                  href={`/chargeback/print?period=${encodeURIComponent(period)}&team=${encodeURIComponent(line.team)}`}
                  aria-label={`Printable statement for ${line.team}`}
                >
                  Print
                </Link>
              </td>
            </tr>
          ))}
          <tr className="border-b border-border text-muted" data-testid="statement-rounding">
            <th scope="row" colSpan={4 + section.tiers.length} className="px-3 py-2 text-left font-normal">
              Rounding difference (lines sum to {c(sumOfLines)}; each line is rounded to the cent on its own)
            </th>
            <td className={td}>{c(section.roundingCents)}</td>
            <td className={td} />
            {hasShared ? <td className={td} /> : null}
            <td className={td}>{c(section.roundingCents)}</td>
            <td />
          </tr>
        </tbody>
        <tfoot>
          <tr className="font-semibold" data-testid="statement-total">
            <th scope="row" className="px-3 py-2 text-left" colSpan={2}>
              Deployment total
            </th>
            <td className={td}>{formatCount(section.totals.runs)}</td>
            <td className={td}>{formatHours(section.totals.computeHours)}</td>
            {section.tiers.map((tier) => (
              <td key={tier} className={td}>
                {c(section.totals.tierCents[tier] ?? 0)}
              </td>
            ))}
            <td className={td}>{c(section.totals.computeCents)}</td>
            <td className={td}>{formatShare(section.totals.computeCents === 0 ? 0 : 1)}</td>
            {hasShared ? <td className={td}>{c(section.totals.sharedCents)}</td> : null}
            <td className={td} data-testid="statement-grand-total">
              {c(section.totals.totalCents)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
