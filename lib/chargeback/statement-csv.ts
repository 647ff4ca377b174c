import { tableCsv, type TableColumn } from "@/lib/csv/table-csv";
import { UNALLOCATED } from "@/lib/teams/rules";
import type { Statement } from "./statement";

/**
 * The statement as CSV, Excel-safe like every download (lib/csv/table-csv): the month as one
 * ledger file, one row per team × tier with the cost-centre code on every row, shared costs
 * as their own rows, and the rounding as a row of its own so the file adds up to the total;
 * or one team's statement in the same columns.
 */

interface LedgerRow {
  period: string;
  team: string;
  costCentre: string;
  currency: string;
  item: string;
  runs: number | null;
  computeHours: number | null;
  cents: number;
}

const COLUMNS: TableColumn<LedgerRow>[] = [
  { header: "period", kind: "text", value: (r) => r.period },
  { header: "team", kind: "text", value: (r) => r.team },
  { header: "cost_centre", kind: "text", value: (r) => r.costCentre },
  { header: "currency", kind: "text", value: (r) => r.currency },
  { header: "item", kind: "text", value: (r) => r.item },
  { header: "runs", kind: "number", value: (r) => r.runs },
  { header: "compute_hours", kind: "number", value: (r) => r.computeHours },
  { header: "amount", kind: "money", value: (r) => r.cents / 100 },
];

export function ledgerRows(statement: Statement, team: string | null): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const section of statement.sections) {
    for (const line of section.lines) {
      if (team !== null && line.team !== team) continue;
      const base = { period: statement.period.key, team: line.team, costCentre: line.costCentre, currency: section.currency };
      for (const tier of section.tiers) {
        const cents = line.tierCents[tier];
        if (cents === undefined) continue;
        rows.push({ ...base, item: `compute: ${tier}`, runs: null, computeHours: null, cents });
      }
      const tierSum = Object.values(line.tierCents).reduce((s, c) => s + c, 0);
      if (tierSum !== line.computeCents) {
        rows.push({ ...base, item: "rounding (tiers to team line)", runs: null, computeHours: null, cents: line.computeCents - tierSum });
      }
      if (line.sharedCents !== 0) rows.push({ ...base, item: "shared costs", runs: null, computeHours: null, cents: line.sharedCents });
      if (team !== null) rows.push({ ...base, item: "total", runs: line.runs, computeHours: line.computeHours, cents: line.totalCents });
    }
    if (team === null && section.roundingCents !== 0) {
      rows.push({
        period: statement.period.key,
        team: UNALLOCATED,
        costCentre: "",
        currency: section.currency,
        item: "rounding (team lines to deployment total)",
        runs: null,
        computeHours: null,
        cents: section.roundingCents,
      });
    }
  }
  return rows;
}

export function statementCsv(statement: Statement, team: string | null, bom: boolean): string {
  return tableCsv(COLUMNS, ledgerRows(statement, team), bom);
}
