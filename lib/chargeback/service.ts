import "server-only";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { getStore, withConnection } from "@/lib/store/db";
import { sharedTables, type SharedTables } from "@/lib/store/shared-tables";
import type { DuckDBConnection } from "@duckdb/node-api";
import { changesSince, closePeriod, readClosing, readEvents, reopenPeriod, type Changes, type ClosingEvent } from "./closing";
import type { Period } from "./period";
import { addSharedCost, deleteSharedCost, type SharedCostInput } from "./shared-costs";
import { computeStatement, type Statement } from "./statement";

/**
 * The chargeback routes' entry points on the process's store and zone; closings, their history
 * and shared costs in the shared tables (PostgreSQL with DATABASE_URL, else the same store).
 */

async function withConn<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  return withConnection(await getStore(env().DATA_DIR), fn);
}

export interface ChargebackAnswer {
  /** The frozen statement when the period is closed, else the live one. */
  statement: Statement;
  closed: { by: string; at: string } | null;
  /** Closed periods: what the store holds now that the statement does not. */
  changes: Changes | null;
  history: ClosingEvent[];
}

/** The statement to show and download: frozen text when closed (byte for byte), else live. */
export async function statementJsonFor(period: Period): Promise<string> {
  const tables = await sharedTables();
  const closing = await readClosing(tables, period.key);
  if (closing) return closing.statementJson;
  return withConn(async (conn) => JSON.stringify(await computeStatement(conn, period, env().RUNLEDGER_TIMEZONE, tables)));
}

export async function getChargeback(period: Period): Promise<ChargebackAnswer> {
  const tables = await sharedTables();
  const closing = await readClosing(tables, period.key);
  const live = await withConn((conn) => computeStatement(conn, period, env().RUNLEDGER_TIMEZONE, tables));
  const history = await readEvents(tables, period.key);
  if (!closing) return { statement: live, closed: null, changes: null, history };
  const frozen = JSON.parse(closing.statementJson) as Statement;
  return { statement: frozen, closed: { by: closing.closedBy, at: closing.closedAt }, changes: changesSince(frozen, live), history };
}

export async function close(period: Period, actor: string) {
  const tables = await sharedTables();
  return withConn((conn) => closePeriod(conn, period, env().RUNLEDGER_TIMEZONE, actor, new Date(), tables));
}

export async function reopen(period: Period, actor: string) {
  return reopenPeriod(await sharedTables(), period, actor);
}

async function refuseIfClosed(tables: SharedTables, periodKey: string) {
  if (await readClosing(tables, periodKey)) {
    throw new ApiError("conflict", `${periodKey} is closed: reopen it before changing its shared costs`, "period");
  }
}

export async function addShared(input: SharedCostInput, actor: string) {
  const tables = await sharedTables();
  await refuseIfClosed(tables, input.period.key);
  return addSharedCost(tables, input, actor);
}

export async function removeShared(id: string) {
  const tables = await sharedTables();
  const [row] = await tables.query("SELECT period FROM shared_costs WHERE id = $1", [id]);
  if (!row) throw new ApiError("not_found", "no shared cost with this id", "id");
  await refuseIfClosed(tables, String(row.period));
  await deleteSharedCost(tables, id);
}
