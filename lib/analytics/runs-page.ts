import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import type { Run } from "@/lib/gateway/run";
import { storedIso, toStoredRun } from "@/lib/store/stored-run";
import { answer, type AnswerOptions, type Envelope } from "./answer";
import { filterClause, filtersKey, type Filters } from "./filters";
import { num, runQuery, SqlParams, type Row } from "./query";

/** Sort fields of the runs table and their columns (fixed identifiers). */
export const RUN_SORTS = {
  startedAt: "started_at",
  cost: "total_cost_amount",
  duration: "run_duration_sec",
  computeHours: "compute_hours",
  hardwareTier: "hardware_tier",
  project: "project_key",
  user: "user_name",
  status: "status",
  runType: "run_type",
} as const;

export type RunSort = keyof typeof RUN_SORTS;

export const runsPageParams = z.object({
  sort: z.enum(Object.keys(RUN_SORTS) as [RunSort, ...RunSort[]]).default("startedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export type RunsPageParams = z.infer<typeof runsPageParams>;

/** A run as the API shows it: every Run field, plus where it belongs in time and cost. */
export interface RunRow extends Run {
  /** startTime, else queuedTime: the moment the run counts at (ISO-8601 UTC). */
  startedAt: string;
  computeHours: number;
  /** owner/name */
  projectKey: string;
  /** Not finished when last read; its figures may still grow. */
  inFlight: boolean;
}

export interface RunsPageBody {
  sort: RunSort;
  dir: "asc" | "desc";
  offset: number;
  limit: number;
  /** Runs matching the filters, over all pages. */
  total: number;
  rows: RunRow[];
}

export type RunsPageResponse = Envelope & RunsPageBody;

/** A stored row as a RunRow: the gateway's fields, then the derived ones. */
export function toRunRow(r: Row): RunRow {
  return {
    ...toStoredRun(r),
    startedAt: storedIso(r.started_at) ?? "",
    computeHours: num(r.compute_hours),
    projectKey: String(r.project_key),
    inFlight: r.in_flight === true,
  };
}

/** One page of runs in a stable order (run_id breaks ties) and the count of all matches. */
export async function computeRunsPage(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  p: RunsPageParams,
): Promise<RunsPageBody> {
  const params = new SqlParams();
  const where = filterClause(filters, timeZone, { params });
  const dir = p.dir === "asc" ? "ASC" : "DESC";
  const countSql = `SELECT count(*) AS n FROM runs WHERE ${where.sql}`;
  const [count] = await runQuery(conn, countSql, where.params);
  const total = num(count?.n);
  const rows =
    p.offset >= total
      ? []
      : await runQuery(
          conn,
          `SELECT * FROM runs WHERE ${where.sql}
           ORDER BY ${RUN_SORTS[p.sort]} ${dir}, run_id ${dir}
           LIMIT ${params.add(p.limit)} OFFSET ${params.add(p.offset)}`,
          params.values,
        );
  return { sort: p.sort, dir: p.dir, offset: p.offset, limit: p.limit, total, rows: rows.map(toRunRow) };
}

/** GET /api/runs: a page of runs with every field. */
export async function getRunsPage(
  filters: Filters,
  p: RunsPageParams,
  options: AnswerOptions = {},
): Promise<RunsPageResponse> {
  return answer(
    "runs",
    `${filtersKey(filters)}|${p.sort}|${p.dir}|${p.offset}|${p.limit}`,
    ({ conn, timeZone }) => computeRunsPage(conn, filters, timeZone, p),
    options,
  );
}
