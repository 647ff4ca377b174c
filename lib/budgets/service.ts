import "server-only";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ApiError, fromZodError } from "@/lib/api/errors";
import { filterClause, type Filters } from "@/lib/analytics/filters";
import { runQuery, SqlParams } from "@/lib/analytics/query";
import { withReader } from "@/lib/analytics/reader";
import type { Store } from "@/lib/store/db";
import { duckdbTables, type SharedTables } from "@/lib/store/shared-tables";
import { budgetCreateSchema, budgetPatchSchema, scopeFilters, scopeQuery } from "./input";
import { assertNameFree, deleteBudget, findBudget, insertBudget, listBudgets, newBudgetId, updateBudget, type BudgetRecord } from "./repository";
import { computeBudgetStatuses } from "./batch-status";
import type { Budget, BudgetStatus } from "./types";

/**
 * What the /api/budgets routes do, one function each. Every check runs before anything is
 * written, so a refused request leaves the table as it was.
 */

export interface BudgetContext {
  /** The runs (scopes are checked and figures computed against them). */
  store: Store;
  /** Where the budgets live: the shared tables (DATABASE_URL), else `store`'s own. */
  tables?: SharedTables;
  timeZone: string;
  now?: number;
  /** Called after a budget was created or changed (alerts evaluate it). */
  onChange?: (budgetId: string) => void;
}

const budgetTables = (ctx: BudgetContext): SharedTables => ctx.tables ?? duckdbTables(ctx.store);

/** The scope must match at least one run, and the budget's currency must be theirs. */
async function checkAgainstRuns(store: Store, filters: Filters, currency: string, timeZone: string): Promise<void> {
  const rows = await withReader(store, async (conn) => {
    const params = new SqlParams();
    const where = filterClause({ ...filters, from: null, to: null }, timeZone, { params });
    return runQuery(conn, `SELECT total_cost_currency AS c FROM runs WHERE ${where.sql} GROUP BY 1`, params.values);
  });
  if (rows.length === 0) throw new ApiError("bad_request", "scope: no run matches this scope; check the names in it", "scope");
  const currencies = rows.map((r) => String(r.c)).sort();
  if (!currencies.includes(currency)) {
    throw new ApiError(
      "bad_request",
      `currency: the runs in this scope are in ${currencies.join(", ")}; a budget in ${currency} would need a conversion Runledger does not make`,
      "currency",
    );
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }, raw: unknown): T {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ApiError("bad_request", "the body must be a JSON object");
  const result = schema.safeParse(raw);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

export async function createBudget(raw: unknown, createdBy: string, ctx: BudgetContext): Promise<Budget> {
  const input = parse(budgetCreateSchema, raw);
  const { query, filters } = scopeQuery(input.scope);
  await checkAgainstRuns(ctx.store, filters, input.currency, ctx.timeZone);
  const record: BudgetRecord = {
    name: input.name,
    scope: query,
    period: input.period,
    amount: input.amount,
    currency: input.currency,
    thresholds: input.thresholds,
    channels: input.channels,
    paused: input.paused,
  };
  const id = newBudgetId();
  const tables = budgetTables(ctx);
  await assertNameFree(tables, record.name, null);
  await insertOrNameClash(() => insertBudget(tables, id, record, createdBy, ctx.now ?? Date.now()), record.name);
  const budget = await getBudget(id, ctx);
  ctx.onChange?.(id);
  return budget;
}

/** Two requests racing for one name: the table's UNIQUE constraint refuses the second. */
async function insertOrNameClash(write: () => Promise<void>, name: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (error instanceof Error && /constraint/i.test(error.message)) {
      throw new ApiError("bad_request", `name: a budget named "${name}" already exists`, "name");
    }
    throw error;
  }
}

export async function getBudget(id: string, ctx: BudgetContext): Promise<Budget> {
  const budget = await findBudget(budgetTables(ctx), id);
  if (!budget) throw new ApiError("not_found", `no budget ${id}`);
  return budget;
}

export async function patchBudget(id: string, raw: unknown, ctx: BudgetContext): Promise<Budget> {
  const input = parse(budgetPatchSchema, raw);
  const current = await getBudget(id, ctx);
  const scope = input.scope ? scopeQuery(input.scope) : { query: current.scope, filters: scopeFilters(current.scope) };
  const record: BudgetRecord = {
    name: input.name ?? current.name,
    scope: scope.query,
    period: input.period ?? current.period,
    amount: input.amount ?? current.amount,
    currency: input.currency ?? current.currency,
    thresholds: {
      actual: input.thresholds?.actual ?? current.thresholds.actual,
      forecast: input.thresholds?.forecast ?? current.thresholds.forecast,
    },
    channels: input.channels ?? current.channels,
    paused: input.paused ?? current.paused,
  };
  if (input.scope || input.currency) await checkAgainstRuns(ctx.store, scope.filters, record.currency, ctx.timeZone);
  const tables = budgetTables(ctx);
  if (input.name) await assertNameFree(tables, record.name, id);
  await insertOrNameClash(() => updateBudget(tables, id, record, ctx.now ?? Date.now()), record.name);
  const budget = await getBudget(id, ctx);
  ctx.onChange?.(id);
  return budget;
}

export async function removeBudget(id: string, ctx: BudgetContext): Promise<void> {
  const deleted = await deleteBudget(budgetTables(ctx), id);
  if (!deleted) throw new ApiError("not_found", `no budget ${id}`);
}

/** Every budget with its figures for its current period, the figures in one read snapshot. */
export async function budgetStatuses(ctx: BudgetContext, ids?: string[]): Promise<BudgetStatus[]> {
  const now = ctx.now ?? Date.now();
  const budgets = (await listBudgets(budgetTables(ctx))).filter((b) => !ids || ids.includes(b.id));
  return withReader(ctx.store, (conn: DuckDBConnection) => computeBudgetStatuses(conn, budgets, ctx.timeZone, now));
}
