import "server-only";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";
import type { DuckDBConnection } from "@duckdb/node-api";
import { changesSince, closePeriod, readClosing, readEvents, reopenPeriod, type Changes, type ClosingEvent } from "./closing";
import type { Period } from "./period";
import { addSharedCost, deleteSharedCost, type SharedCostInput } from "./shared-costs";
import { computeStatement, type Statement } from "./statement";

/** The chargeback routes' entry points on the process's store and zone. */

async function withConn<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const store = await getStore(env().DATA_DIR);
  const conn = await store.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
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
export function statementJsonFor(period: Period): Promise<string> {
  return withConn(async (conn) => {
    const closing = await readClosing(conn, period.key);
    return closing ? closing.statementJson : JSON.stringify(await computeStatement(conn, period, env().RUNLEDGER_TIMEZONE));
  });
}

export function getChargeback(period: Period): Promise<ChargebackAnswer> {
  return withConn(async (conn) => {
    const closing = await readClosing(conn, period.key);
    const live = await computeStatement(conn, period, env().RUNLEDGER_TIMEZONE);
    const history = await readEvents(conn, period.key);
    if (!closing) return { statement: live, closed: null, changes: null, history };
    const frozen = JSON.parse(closing.statementJson) as Statement;
    return { statement: frozen, closed: { by: closing.closedBy, at: closing.closedAt }, changes: changesSince(frozen, live), history };
  });
}

export function close(period: Period, actor: string) {
  return withConn((conn) => closePeriod(conn, period, env().RUNLEDGER_TIMEZONE, actor));
}

export function reopen(period: Period, actor: string) {
  return withConn((conn) => reopenPeriod(conn, period, actor));
}

async function refuseIfClosed(conn: DuckDBConnection, periodKey: string) {
  if (await readClosing(conn, periodKey)) {
    throw new ApiError("conflict", `${periodKey} is closed: reopen it before changing its shared costs`, "period");
  }
}

export function addShared(input: SharedCostInput, actor: string) {
  return withConn(async (conn) => {
    await refuseIfClosed(conn, input.period.key);
    return addSharedCost(conn, input, actor);
  });
}

export function removeShared(id: string) {
  return withConn(async (conn) => {
    const [row] = (await conn.runAndReadAll("SELECT period FROM shared_costs WHERE id = $1", [id])).getRowObjectsJS();
    if (!row) throw new ApiError("not_found", "no shared cost with this id", "id");
    await refuseIfClosed(conn, String(row.period));
    await deleteSharedCost(conn, id);
  });
}
