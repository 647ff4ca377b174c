import { z } from "zod";
import { breakdownParams, getBreakdown } from "@/lib/analytics/breakdown";
import type { BreakdownRow } from "@/lib/contract/answers";
import type { AnswerOptions } from "@/lib/analytics/answer";
import type { Filters } from "@/lib/contract/filters";
import { BREAKDOWN_SORT_VALUE, BREAKDOWN_SORTS, SORT_DIRS } from "@/lib/contract/sorts";
import { sortRows } from "@/lib/ui/sort";
import { csvFileName, csvFormatParam, type CsvMeta } from "./download";
import { tableCsv, type TableColumn } from "./table-csv";

/**
 * A breakdown table as the tier, project and user pages show it: every row (not only the
 * page on screen), in the table's sort order, with the same figures as GET /api/breakdown.
 */

export const breakdownCsvParams = z.object({
  by: breakdownParams.shape.by,
  sort: z.enum(BREAKDOWN_SORTS).default("cost"),
  dir: z.enum(SORT_DIRS).default("desc"),
  format: csvFormatParam,
});

export type BreakdownCsvParams = z.infer<typeof breakdownCsvParams>;

// Far above any real number of keys: the CSV holds every row there is.
const EVERY_ROW = 1_000_000_000;

export function breakdownColumns(by: BreakdownCsvParams["by"]): TableColumn<BreakdownRow>[] {
  return [
    { header: by, kind: "text", value: (r) => r.key },
    ...(by === "project" ? [{ header: "owner", kind: "text" as const, value: (r: BreakdownRow) => r.owner }] : []),
    { header: "currency", kind: "text", value: (r) => r.currency },
    { header: "runs", kind: "number", value: (r) => r.runs },
    { header: "computeHours", kind: "number", value: (r) => r.computeHours },
    { header: "cost", kind: "money", value: (r) => r.cost },
    { header: "share", kind: "number", value: (r) => r.share },
    { header: "averageCost", kind: "number", value: (r) => r.averageCost },
    { header: "wastedCost", kind: "money", value: (r) => r.wastedCost },
    ...(by === "hardwareTier"
      ? [{ header: "pricePerMinute", kind: "number" as const, value: (r: BreakdownRow) => r.pricePerMinute }]
      : []),
  ];
}

export async function breakdownCsv(
  filters: Filters,
  p: BreakdownCsvParams,
  options: AnswerOptions = {},
): Promise<{ text: string; meta: CsvMeta }> {
  const answer = await getBreakdown(filters, { by: p.by, sort: "cost", dir: "desc", limit: EVERY_ROW }, options);
  const rows = sortRows(answer.rows, BREAKDOWN_SORT_VALUE[p.sort], p.dir, (row) => row.key);
  return {
    text: tableCsv(breakdownColumns(p.by), rows, p.format === "excel"),
    meta: {
      fileName: csvFileName(`breakdown-${p.by}`, filters),
      filters,
      timeZone: answer.timeZone,
      currencies: answer.totals.costs.map((c) => c.currency).sort(),
      dataAsOf: answer.dataAsOf,
      rowCount: rows.length,
    },
  };
}
