import "server-only";
import { randomBytes } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ApiError } from "@/lib/api/errors";
import { tablesOf, type SharedTarget } from "@/lib/store/shared-tables";
import type { Budget, BudgetChannel, BudgetPeriod, BudgetThresholds } from "./types";

/**
 * The `budgets` table (migration in lib/store/migrations.ts; with DATABASE_URL the shared
 * PostgreSQL one, lib/store/postgres/schema.ts, so a budget edited on one replica is what every
 * replica evaluates next).
 */

export interface BudgetRecord {
  name: string;
  scope: string;
  period: BudgetPeriod;
  amount: string;
  currency: string;
  thresholds: BudgetThresholds;
  channels: BudgetChannel[];
  paused: boolean;
}

const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

const COLUMNS = `id, name, scope, period, CAST(amount AS VARCHAR) AS amount, currency, thresholds, channels, paused,
  created_at, updated_at, created_by`;

function fromRow(r: Record<string, unknown>): Budget {
  return {
    id: String(r.id),
    name: String(r.name),
    scope: String(r.scope),
    period: String(r.period) as BudgetPeriod,
    amount: String(r.amount),
    currency: String(r.currency),
    thresholds: JSON.parse(String(r.thresholds)) as BudgetThresholds,
    channels: JSON.parse(String(r.channels)) as BudgetChannel[],
    paused: Boolean(r.paused),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    createdBy: String(r.created_by),
  };
}

/**
 * Every budget, by name. Sorted here, not by ORDER BY: in the server process, DuckDB
 * (@duckdb/node-api 1.5) was seen handing back garbled text columns from sorted results read
 * on the instrumentation bundle's side ("USD" read as "W"); unsorted results read correctly.
 */
export async function listBudgets(conn: SharedTarget): Promise<Budget[]> {
  const budgets = (await tablesOf(conn).query(`SELECT ${COLUMNS} FROM budgets`)).map(fromRow);
  return budgets.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id));
}

export async function findBudget(conn: SharedTarget, id: string): Promise<Budget | null> {
  const [row] = await tablesOf(conn).query(`SELECT ${COLUMNS} FROM budgets WHERE id = $1`, [id]);
  return row ? fromRow(row) : null;
}

/** 400 on `name` when another budget already has it (letter case ignored). */
export async function assertNameFree(conn: SharedTarget, name: string, exceptId: string | null): Promise<void> {
  const rows = await tablesOf(conn).query(`SELECT id FROM budgets WHERE lower(name) = lower($1) AND id <> $2`, [name, exceptId ?? ""]);
  if (rows.length > 0) throw new ApiError("bad_request", `name: a budget named "${name}" already exists`, "name");
}

export function newBudgetId(): string {
  return randomBytes(9).toString("base64url");
}

export async function insertBudget(conn: SharedTarget, id: string, record: BudgetRecord, createdBy: string, now: number): Promise<void> {
  const at = new Date(now).toISOString();
  await tablesOf(conn).query(
    `INSERT INTO budgets (id, name, scope, period, amount, currency, thresholds, channels, paused, created_at, updated_at, created_by)
     VALUES ($1, $2, $3, $4, CAST($5 AS DECIMAL(18, 2)), $6, $7, $8, $9, CAST($10 AS TIMESTAMPTZ), CAST($10 AS TIMESTAMPTZ), $11)`,
    [id, record.name, record.scope, record.period, record.amount, record.currency, JSON.stringify(record.thresholds),
      JSON.stringify(record.channels), record.paused, at, createdBy],
  );
}

export async function updateBudget(conn: SharedTarget, id: string, record: BudgetRecord, now: number): Promise<void> {
  await tablesOf(conn).query(
    `UPDATE budgets SET name = $2, scope = $3, period = $4, amount = CAST($5 AS DECIMAL(18, 2)), currency = $6,
       thresholds = $7, channels = $8, paused = $9, updated_at = CAST($10 AS TIMESTAMPTZ) WHERE id = $1`,
    [id, record.name, record.scope, record.period, record.amount, record.currency, JSON.stringify(record.thresholds),
      JSON.stringify(record.channels), record.paused, new Date(now).toISOString()],
  );
}

export async function deleteBudget(conn: SharedTarget, id: string): Promise<boolean> {
  const rows = await tablesOf(conn).query(`DELETE FROM budgets WHERE id = $1 RETURNING id`, [id]);
  return rows.length > 0;
}
