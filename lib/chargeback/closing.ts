import type { DuckDBConnection } from "@duckdb/node-api";
import { ApiError } from "@/lib/api/errors";
import { runQuery } from "@/lib/analytics/query";
import type { Period } from "./period";
import { computeStatement, type Statement } from "./statement";
import { inTransaction } from "@/lib/store/transaction";

/**
 * Closing a period freezes its statement: the JSON text as it stood is kept in
 * chargeback_closings with who closed it and when, and is what the period shows from then on,
 * whatever later syncs, rule changes or late runs do. Reopening removes the snapshot; every
 * close and reopen is kept in chargeback_events.
 */

export interface Closing {
  period: string;
  closedBy: string;
  closedAt: string;
  /** The frozen statement, byte for byte as it was stored. */
  statementJson: string;
}

export interface ClosingEvent {
  period: string;
  action: "close" | "reopen";
  actor: string;
  at: string;
}

export async function readClosing(conn: DuckDBConnection, periodKey: string): Promise<Closing | null> {
  const [row] = await runQuery(conn, "SELECT period, closed_by, closed_at, statement FROM chargeback_closings WHERE period = $1", [periodKey]);
  if (!row) return null;
  return {
    period: String(row.period),
    closedBy: String(row.closed_by),
    closedAt: (row.closed_at as Date).toISOString(),
    statementJson: String(row.statement),
  };
}

export async function readEvents(conn: DuckDBConnection, periodKey: string): Promise<ClosingEvent[]> {
  const rows = await runQuery(
    conn,
    "SELECT period, action, actor, happened_at FROM chargeback_events WHERE period = $1 ORDER BY happened_at DESC",
    [periodKey],
  );
  return rows.map((r) => ({
    period: String(r.period),
    action: String(r.action) as ClosingEvent["action"],
    actor: String(r.actor),
    at: (r.happened_at as Date).toISOString(),
  }));
}

/** Freezes the statement as the store holds it now. 409 when the period is already closed. */
export async function closePeriod(conn: DuckDBConnection, period: Period, timeZone: string, actor: string, now = new Date()): Promise<Closing> {
  return inTransaction(conn, async () => {
    if (await readClosing(conn, period.key)) throw new ApiError("conflict", `${period.label} is already closed; reopen it first`, "period");
    const statementJson = JSON.stringify(await computeStatement(conn, period, timeZone));
    await runQuery(conn, "INSERT INTO chargeback_closings (period, closed_by, closed_at, statement) VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4)", [
      period.key,
      actor,
      now.toISOString(),
      statementJson,
    ]);
    await recordEvent(conn, period.key, "close", actor, now);
    return { period: period.key, closedBy: actor, closedAt: now.toISOString(), statementJson };
  });
}

/** Removes the snapshot, so the period follows the store again. 409 when it is not closed. */
export async function reopenPeriod(conn: DuckDBConnection, period: Period, actor: string, now = new Date()): Promise<void> {
  await inTransaction(conn, async () => {
    if (!(await readClosing(conn, period.key))) throw new ApiError("conflict", `${period.label} is not closed`, "period");
    await runQuery(conn, "DELETE FROM chargeback_closings WHERE period = $1", [period.key]);
    await recordEvent(conn, period.key, "reopen", actor, now);
  });
}

async function recordEvent(conn: DuckDBConnection, period: string, action: ClosingEvent["action"], actor: string, at: Date) {
  await runQuery(conn, "INSERT INTO chargeback_events (period, action, actor, happened_at) VALUES ($1, $2, $3, CAST($4 AS TIMESTAMPTZ))", [
    period,
    action,
    actor,
    at.toISOString(),
  ]);
}

export interface LineChange {
  team: string;
  currency: string;
  runsDelta: number;
  computeCentsDelta: number;
}

export interface Changes {
  /** Per currency: how much the live total differs from the frozen one. */
  totals: { currency: string; runsDelta: number; computeCentsDelta: number }[];
  /** Teams whose figures moved (late runs, or rules changed since closing). */
  lines: LineChange[];
}

/** What the store holds now that the frozen statement does not. */
export function changesSince(frozen: Statement, live: Statement): Changes {
  const totals: Changes["totals"] = [];
  const lines: LineChange[] = [];
  const currencies = new Set([...frozen.sections, ...live.sections].map((s) => s.currency));
  for (const currency of currencies) {
    const a = frozen.sections.find((s) => s.currency === currency);
    const b = live.sections.find((s) => s.currency === currency);
    const runsDelta = (b?.totals.runs ?? 0) - (a?.totals.runs ?? 0);
    const computeCentsDelta = (b?.totals.computeCents ?? 0) - (a?.totals.computeCents ?? 0);
    if (runsDelta !== 0 || computeCentsDelta !== 0) totals.push({ currency, runsDelta, computeCentsDelta });
    const teams = new Set([...(a?.lines ?? []), ...(b?.lines ?? [])].map((l) => l.team));
    for (const team of teams) {
      const x = a?.lines.find((l) => l.team === team);
      const y = b?.lines.find((l) => l.team === team);
      const line = { team, currency, runsDelta: (y?.runs ?? 0) - (x?.runs ?? 0), computeCentsDelta: (y?.computeCents ?? 0) - (x?.computeCents ?? 0) };
      if (line.runsDelta !== 0 || line.computeCentsDelta !== 0) lines.push(line);
    }
  }
  return { totals, lines };
}
