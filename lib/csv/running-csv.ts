import { z } from "zod";
import type { AnswerOptions } from "@/lib/analytics/answer";
import type { Filters } from "@/lib/contract/filters";
import type { LongRunRule } from "@/lib/analytics/long-run";
import { getRunning, runningParams } from "@/lib/analytics/running";
import type { RunningRow } from "@/lib/contract/answers";
import { csvFileName, csvFormatParam, type CsvMeta } from "./download";
import { tableCsv, type TableColumn } from "./table-csv";

/** The running-now list as the /running page shows it: every run in flight, in its sort order. */

export const runningCsvParams = runningParams.pick({ sort: true, dir: true }).extend({ format: csvFormatParam });

export type RunningCsvParams = z.infer<typeof runningCsvParams>;

// Far above any real number of runs in flight: the CSV holds every one.
const EVERY_ROW = 1_000_000_000;

export const RUNNING_COLUMNS: readonly TableColumn<RunningRow>[] = [
  { header: "runId", kind: "text", value: (r) => r.runId },
  { header: "title", kind: "text", value: (r) => r.title },
  { header: "status", kind: "text", value: (r) => r.status },
  { header: "runType", kind: "text", value: (r) => r.runType },
  { header: "userName", kind: "text", value: (r) => r.userName },
  { header: "projectKey", kind: "text", value: (r) => r.projectKey },
  { header: "hardwareTier", kind: "text", value: (r) => r.hardwareTier },
  { header: "queuedTime", kind: "text", value: (r) => r.queuedTime },
  { header: "startTime", kind: "text", value: (r) => r.startTime },
  { header: "runHours", kind: "number", value: (r) => Math.round((r.runSeconds / 3600) * 1e6) / 1e6 },
  { header: "currency", kind: "text", value: (r) => r.currency },
  { header: "costSoFar", kind: "number", value: (r) => r.cost },
  { header: "costPerHour", kind: "number", value: (r) => r.costPerHour },
  { header: "longRunning", kind: "text", value: (r) => String(r.longRunning) },
  { header: "longRunHours", kind: "number", value: (r) => r.longRunHours },
];

export async function runningCsv(
  filters: Filters,
  p: RunningCsvParams,
  rule: LongRunRule,
  options: AnswerOptions = {},
): Promise<{ text: string; meta: CsvMeta }> {
  const answer = await getRunning(filters, { sort: p.sort, dir: p.dir, offset: 0, limit: EVERY_ROW }, rule, options);
  return {
    text: tableCsv(RUNNING_COLUMNS, answer.rows, p.format === "excel"),
    meta: {
      fileName: csvFileName("running", filters),
      filters,
      timeZone: answer.timeZone,
      currencies: answer.costs.map((c) => c.currency).sort(),
      dataAsOf: answer.dataAsOf,
      rowCount: answer.rows.length,
    },
  };
}
