import { getTimeseries, timeseriesParams } from "@/lib/analytics/timeseries";
import type { Bucket } from "@/lib/contract/answers";
import type { AnswerOptions } from "@/lib/analytics/answer";
import type { Filters } from "@/lib/contract/filters";
import { csvFileName, csvFormatParam, type CsvMeta } from "./download";
import { tableCsv, type TableColumn } from "./table-csv";
import type { z } from "zod";

/**
 * The cost-over-time series as the overview's chart shows it: one row per day, week or
 * month (empty ones included), its runs and total, then one column per stacked key.
 */

export const timeseriesCsvParams = timeseriesParams.extend({ format: csvFormatParam });

export type TimeseriesCsvParams = z.infer<typeof timeseriesCsvParams>;

export async function timeseriesCsv(
  filters: Filters,
  p: TimeseriesCsvParams,
  options: AnswerOptions = {},
): Promise<{ text: string; meta: CsvMeta }> {
  const { format, ...params } = p;
  const answer = await getTimeseries(filters, params, options);
  const columns: TableColumn<Bucket>[] = [
    { header: "start", kind: "text", value: (b) => b.start },
    { header: "currency", kind: "text", value: () => answer.currency },
    { header: "runs", kind: "number", value: (b) => b.runs },
    { header: "total", kind: "money", value: (b) => b.total },
    ...answer.keys.map((key) => ({ header: key, kind: "money" as const, value: (b: Bucket) => b.values[key] ?? 0 })),
  ];
  return {
    text: tableCsv(columns, answer.buckets, format === "excel"),
    meta: {
      fileName: csvFileName(`timeseries-${p.interval}-${p.stackBy}`, filters),
      filters,
      timeZone: answer.timeZone,
      currencies: answer.currency ? [answer.currency] : [],
      dataAsOf: answer.dataAsOf,
      rowCount: answer.buckets.length,
    },
  };
}
