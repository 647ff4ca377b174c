import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import type { Run } from "@/lib/gateway/run";
import { RUN_SORT_SPECS, RUN_SORTS, SORT_DIRS } from "@/lib/contract/sorts";
import { storedIso, toStoredRun } from "@/lib/store/stored-run";
import type { Body, RunRow, RunsAnswer } from "@/lib/contract/answers";
import { answer, type AnswerOptions } from "./answer";
import { filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { num, runQuery, SqlParams, type Row } from "./query";

export const runsPageParams = z.object({
  sort: z.enum(RUN_SORTS).default("startedAt"),
  dir: z.enum(SORT_DIRS).default("desc"),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export type RunsPageParams = z.infer<typeof runsPageParams>;

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
): Promise<Body<RunsAnswer>> {
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
           ORDER BY ${RUN_SORT_SPECS[p.sort].column} ${dir}, run_id ${dir}
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
): Promise<RunsAnswer> {
  return answer(
    "runs",
    `${filtersQuery(filters)}|${p.sort}|${p.dir}|${p.offset}|${p.limit}`,
    ({ conn, timeZone }) => computeRunsPage(conn, filters, timeZone, p),
    options,
  );
}
