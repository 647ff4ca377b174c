"use client";
import Link from "next/link";
import { formatCount, formatHours, formatShare } from "@/lib/ui/format";
import { formatCents } from "@/lib/ui/format-cents";
import type { StatementSection } from "./types";

const thBase = "whitespace-nowrap px-3 py-2 text-xs font-medium text-muted";
const th = `${thBase} text-right`;
const thLeft = `${thBase} text-left`;
// The team column stays in view while the tier columns scroll.
const sticky = "sticky left-0 z-10 bg-card";
const td = "whitespace-nowrap px-3 py-2 text-right tabular";

/**
 * One currency's statement: a line per team (Unallocated last), the rounding difference, then
 * the deployment total, which is the overview's figure for the period.
 */
export function StatementTable({ section, period, className = "" }: { section: StatementSection; period: string; className?: string }) {
  const c = (cents: number) => formatCents(cents, section.currency);
  const hasShared = section.totals.sharedCents !== 0 || section.sharedCosts.length > 0;
  const sumOfLines = section.lines.reduce((s, l) => s + l.computeCents, 0);
  return (
    <div className={`relative overflow-x-auto ${className}`}>
      <table className="w-full text-sm" data-testid={`statement-${section.currency}`}>
        <caption className="sr-only">
          Chargeback statement in {section.currency}: one line per team, then the rounding difference and the deployment total
        </caption>
        <thead className="border-b border-border">
          <tr>
            <th scope="col" className={`${thLeft} ${sticky}`}>
              Team
            </th>
            <th scope="col" className={thLeft}>
              Cost centre
            </th>
            <th scope="col" className={th}>
              Runs
            </th>
            <th scope="col" className={th}>
              Compute hours
            </th>
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
            {section.tiers.map((tier, i) => (
              <th scope="col" key={tier} className={`${th} ${i === 0 ? "border-l border-border" : ""}`}>
                <span className="sr-only">Compute on </span>
                {tier}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {section.lines.map((line) => (
            <tr key={line.team} className="border-b border-border" data-testid="statement-line">
              <th scope="row" className={`whitespace-nowrap px-3 py-2 text-left font-medium ${sticky}`}>
                {line.team}
              </th>
              <td className="whitespace-nowrap px-3 py-2 text-muted">{line.costCentre}</td>
              <td className={td}>{formatCount(line.runs)}</td>
              <td className={td}>{formatHours(line.computeHours)}</td>
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
              {section.tiers.map((tier, i) => (
                <td key={tier} className={`${td} ${i === 0 ? "border-l border-border" : ""}`}>
                  {line.tierCents[tier] === undefined ? <span className="text-muted">–</span> : c(line.tierCents[tier]!)}
                </td>
              ))}
            </tr>
          ))}
          <tr className="border-b border-border text-muted" data-testid="statement-rounding">
            <th scope="row" className={`whitespace-nowrap px-3 py-2 text-left font-normal ${sticky}`}>
              Rounding difference
            </th>
            <td colSpan={3} className="whitespace-nowrap px-3 py-2 text-xs">
              lines sum to {c(sumOfLines)}; each line is rounded to the cent on its own
            </td>
            <td className={td}>{c(section.roundingCents)}</td>
            <td className={td} />
            {hasShared ? <td className={td} /> : null}
            <td className={td}>{c(section.roundingCents)}</td>
            <td />
            {section.tiers.map((tier, i) => (
              <td key={tier} className={`${td} ${i === 0 ? "border-l border-border" : ""}`} />
            ))}
          </tr>
        </tbody>
        <tfoot>
          <tr className="font-semibold" data-testid="statement-total">
            <th scope="row" className={`px-3 py-2 text-left ${sticky}`}>
              Deployment total
            </th>
            <td className="px-3 py-2" />
            <td className={td}>{formatCount(section.totals.runs)}</td>
            <td className={td}>{formatHours(section.totals.computeHours)}</td>
            <td className={td}>{c(section.totals.computeCents)}</td>
            <td className={td}>{formatShare(section.totals.computeCents === 0 ? 0 : 1)}</td>
            {hasShared ? <td className={td}>{c(section.totals.sharedCents)}</td> : null}
            <td className={td} data-testid="statement-grand-total">
              {c(section.totals.totalCents)}
            </td>
            <td />
            {section.tiers.map((tier, i) => (
              <td key={tier} className={`${td} ${i === 0 ? "border-l border-border" : ""}`}>
                {c(section.totals.tierCents[tier] ?? 0)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
