import type { DuckDBConnection } from "@duckdb/node-api";
import { ApiError } from "@/lib/api/errors";
import { tablesOf, type SharedTables, type SharedTarget } from "@/lib/store/shared-tables";
import type { Period } from "./period";
import { computeStatement, type Statement } from "./statement";

/**
 * Closing a period freezes its statement: the JSON text as it stood is kept in
 * chargeback_closings with who closed it and when, and is what the period shows from then on,
 * whatever later syncs, rule changes or late runs do. Reopening removes the snapshot; every
 * close and reopen is kept in chargeback_events. With DATABASE_URL both are shared tables
 * (lib/store/shared-tables.ts): a period closed on one replica is closed on all, at once.
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

export async function readClosing(conn: SharedTarget, periodKey: string): Promise<Closing | null> {
  const [row] = await tablesOf(conn).query("SELECT period, closed_by, closed_at, statement FROM chargeback_closings WHERE period = $1", [periodKey]);
  if (!row) return null;
  return {
    period: String(row.period),
    closedBy: String(row.closed_by),
    closedAt: (row.closed_at as Date).toISOString(),
    statementJson: String(row.statement),
  };
}

export async function readEvents(conn: SharedTarget, periodKey: string): Promise<ClosingEvent[]> {
  const rows = await tablesOf(conn).query(
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

/**
 * Freezes the statement as the store holds it now. 409 when the period is already closed (two
 * replicas closing at once: the period's key lets one in). `tables`: where closings and shared
 * costs live (the shared tables with DATABASE_URL), else `conn`'s store.
 */
export async function closePeriod(
  conn: DuckDBConnection,
  period: Period,
  timeZone: string,
  actor: string,
  now = new Date(),
  tables: SharedTables = tablesOf(conn),
): Promise<Closing> {
  const closed = () => new ApiError("conflict", `${period.label} is already closed; reopen it first`, "period");
  return tables.transaction(async (tx) => {
    if (await readClosing(tx, period.key)) throw closed();
    const statementJson = JSON.stringify(await computeStatement(conn, period, timeZone, tx));
    const inserted = await tx.query(
      "INSERT INTO chargeback_closings (period, closed_by, closed_at, statement) VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4) ON CONFLICT DO NOTHING RETURNING period",
      [period.key, actor, now.toISOString(), statementJson],
    );
    if (inserted.length === 0) throw closed();
    await recordEvent(tx, period.key, "close", actor, now);
    return { period: period.key, closedBy: actor, closedAt: now.toISOString(), statementJson };
  });
}

/** Removes the snapshot, so the period follows the store again. 409 when it is not closed. */
export async function reopenPeriod(conn: SharedTarget, period: Period, actor: string, now = new Date()): Promise<void> {
  await tablesOf(conn).transaction(async (tx) => {
    const removed = await tx.query("DELETE FROM chargeback_closings WHERE period = $1 RETURNING period", [period.key]);
    if (removed.length === 0) throw new ApiError("conflict", `${period.label} is not closed`, "period");
    await recordEvent(tx, period.key, "reopen", actor, now);
  });
}

async function recordEvent(tables: SharedTables, period: string, action: ClosingEvent["action"], actor: string, at: Date) {
  await tables.query("INSERT INTO chargeback_events (period, action, actor, happened_at) VALUES ($1, $2, $3, CAST($4 AS TIMESTAMPTZ))", [
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
