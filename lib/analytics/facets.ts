import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import type { Body, FacetsAnswer, FacetValue } from "@/lib/contract/answers";
import { answer, type AnswerOptions } from "./answer";
import { DIMENSIONS, dimensionColumn, type Dimension } from "@/lib/contract/dimensions";
import { filterClause } from "./filters";
import { filtersQuery, type Filters } from "@/lib/contract/filters";
import { centsSql } from "./money";
import { num, runQuery, SqlParams } from "./query";

/**
 * In /api/facets `q` searches the dimension's values (the shared filter parser reads it
 * into `filters.q`); the runs' text filter travels as `filterQ` instead.
 */
export const facetsParams = z.object({
  dim: z.enum(DIMENSIONS),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  currency: z.string().min(1).max(16).optional(),
  filterQ: z.string().max(200).optional(),
});

export type FacetsParams = z.infer<typeof facetsParams>;

/**
 * The values of `dim` under every filter except the one on `dim` itself, so a picker can
 * offer values to add. One scan: grouped by (value, currency), then ranked by the cost in
 * the chosen currency.
 */
export async function computeFacets(
  conn: DuckDBConnection,
  filters: Filters,
  timeZone: string,
  dim: Dimension,
  search: string | null,
  p: Omit<FacetsParams, "dim" | "filterQ">,
): Promise<Body<FacetsAnswer>> {
  const column = dimensionColumn(dim);
  const params = new SqlParams();
  const where = filterClause(filters, timeZone, { params, omit: dim });
  const q = search ? search.toLowerCase() : null;
  const searchSql = q ? ` AND strpos(lower(${column}), ${params.add(q)}) > 0` : "";
  const chosen = p.currency
    ? params.add(p.currency)
    : "(SELECT currency FROM g GROUP BY currency ORDER BY sum(cost) DESC, currency LIMIT 1)";
  const rows = await runQuery(
    conn,
    `WITH g AS MATERIALIZED (
       SELECT ${column} AS value, total_cost_currency AS currency, count(*) AS runs, sum(total_cost_amount) AS cost
       FROM runs WHERE ${where.sql}${searchSql} GROUP BY 1, 2
     ), c AS (SELECT ${chosen} AS currency)
     SELECT value, sum(runs) AS runs, ${centsSql("coalesce(sum(cost) FILTER (WHERE g.currency = c.currency), 0)")} AS cost,
       coalesce(sum(cost) FILTER (WHERE g.currency = c.currency), 0) AS exact_cost,
       count(*) OVER () AS total, any_value(c.currency) AS chosen
     FROM g CROSS JOIN c GROUP BY value
     ORDER BY exact_cost DESC, value LIMIT ${params.add(p.limit)}`,
    params.values,
  );
  const first = rows[0];
  return {
    dim,
    q,
    currency: first ? String(first.chosen) : (p.currency ?? null),
    values: rows.map((r) => ({ value: String(r.value), runs: num(r.runs), cost: num(r.cost) })),
    total: num(first?.total),
  };
}

/** GET /api/facets: a dimension's values with runs and cost, for filter pickers. */
export async function getFacets(filters: Filters, p: FacetsParams, options: AnswerOptions = {}): Promise<FacetsAnswer> {
  const search = filters.q;
  const scoped: Filters = { ...filters, q: p.filterQ?.trim() || null };
  return answer(
    "facets",
    `${filtersQuery(scoped)}|${p.dim}|${search ?? ""}|${p.limit}|${p.currency ?? ""}`,
    ({ conn, timeZone }) => computeFacets(conn, scoped, timeZone, p.dim, search, p),
    options,
  );
}
