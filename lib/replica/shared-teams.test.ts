import { afterEach, expect, test } from "vitest";
import type { ApiError } from "@/lib/api/errors";
import { closePeriod, readClosing, readEvents, reopenPeriod } from "@/lib/chargeback/closing";
import { parsePeriod } from "@/lib/chargeback/period";
import { addSharedCost, sharedCostInput } from "@/lib/chargeback/shared-costs";
import { computeStatement } from "@/lib/chargeback/statement";
import type { Store } from "@/lib/store/db";
import { pgTables } from "@/lib/store/postgres/shared-tables";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import type { SharedTables } from "@/lib/store/shared-tables";
import { startTestSimulator } from "@/lib/sync/testing/fixtures";
import { applyTeamsConfig } from "@/lib/teams/apply";
import type { TeamsConfig } from "@/lib/teams/config";
import { readTeamsConfig } from "@/lib/teams/store";
import { testReplica, type TestReplica } from "./testing/test-replica";

/**
 * Teams and chargeback with DATABASE_URL, on real replicas (each its own DuckDB copy following
 * one PostgreSQL database, as lib/replica/replica.test.ts): a set-up saved on one replica is
 * the one every replica resolves its runs with at its next read, new runs get their teams on
 * every replica, and closed statements and shared costs are the same on all.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

interface Replica extends TestReplica {
  tables: SharedTables;
}

/** Two replicas on a fresh database; A has synced the simulator's runs and B followed. */
async function twoSyncedReplicas(database: () => Promise<string>, runs: number) {
  const sim = await startTestSimulator({ runs });
  cleanups.push(() => sim.close());
  const url = await database();
  const replica = async (): Promise<Replica> => {
    const r = await testReplica(url, () => sim.connection(100), cleanups);
    return { ...r, tables: pgTables(r.pool) };
  };
  const [a, b] = [await replica(), await replica()];
  expect(await a.manager.syncNow()).not.toBeNull();
  await b.coordinator.current();
  return { sim, a, b, replica };
}

async function rows(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await store.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

/** Runs per (team, cost centre): what every breakdown and statement of teams reads. */
const teamCounts = (store: Store) =>
  rows(store, "SELECT team, cost_centre, count(*)::INTEGER AS n FROM runs GROUP BY ALL ORDER BY team, cost_centre");

async function save(r: Replica, config: TeamsConfig) {
  return r.coordinator.publishTeams(config, () => applyTeamsConfig(r.temp.store, config));
}

describeWithPostgres("teams and chargeback shared by replicas", () => {
  const pg = usePgCluster();

  test("teams saved on B: A's next read resolves every run with them; later runs get their teams on both; a new replica too", async () => {
    const { sim, a, b, replica } = await twoSyncedReplicas(pg.freshDatabase, 1_500);

    const [first] = await rows(b.temp.store, "SELECT project_key FROM runs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
    const config: TeamsConfig = {
      teams: [
        { name: "Data", costCentre: "CC-100", managerEmail: null },
        { name: "Rest", costCentre: null, managerEmail: "rest@example.com" },
      ],
      rules: [
        { team: "Data", kind: "project", pattern: String(first!.project_key) },
        { team: "Rest", kind: "owner", pattern: "*" },
      ],
    };
    await save(b, config);
    const onB = await teamCounts(b.temp.store);
    expect(onB.map((r) => r.team)).toEqual(["Data", "Rest"]);

    // A has not synced or been told: its next read (the per-request check) brings the teams.
    await a.coordinator.current();
    expect(await teamCounts(a.temp.store)).toEqual(onB);
    const conn = await a.temp.store.connect();
    try {
      expect(await readTeamsConfig(conn)).toEqual(config);
    } finally {
      conn.closeSync();
    }

    // Two days of new runs, synced by A (its batches resolve them with the shared rules): B's
    // copy of them has the same teams.
    sim.clock.nowMs += 2 * 86_400_000;
    expect((await a.manager.syncNow())?.kind).toBe("incremental");
    await b.coordinator.current();
    const after = await teamCounts(a.temp.store);
    expect(after.reduce((n, r) => n + Number(r.n), 0)).toBeGreaterThan(onB.reduce((n, r) => n + Number(r.n), 0));
    expect(after.map((r) => r.team)).toEqual(["Data", "Rest"]);
    expect(await teamCounts(b.temp.store)).toEqual(after);

    // A replica that starts now copies everything, the set-up included.
    const c = await replica();
    await c.coordinator.current();
    expect(await teamCounts(c.temp.store)).toEqual(after);

    // Rules changed again on A: B follows, and nothing is left on the old teams.
    await save(a, { teams: config.teams, rules: [{ team: "Rest", kind: "owner", pattern: "*" }] });
    await b.coordinator.current();
    expect((await teamCounts(b.temp.store)).map((r) => r.team)).toEqual(["Rest"]);
    expect(await teamCounts(b.temp.store)).toEqual(await teamCounts(a.temp.store));
  }, 120_000);

  test("a period closed on A is closed on B (a second close is refused); shared costs added on B are in A's statement", async () => {
    const { a, b } = await twoSyncedReplicas(pg.freshDatabase, 800);
    const [latest] = await rows(a.temp.store, "SELECT substr(CAST(max(started_at) AS VARCHAR), 1, 7) AS month FROM runs");
    const period = parsePeriod(String(latest!.month));

    await addSharedCost(b.tables, sharedCostInput.parse({ period: period.key, label: "Licence", currency: "USD", amount: "1250.00", spread: "even", teams: [] }), "finance");
    const conn = await a.temp.store.connect();
    let statementJson: string;
    try {
      const statement = await computeStatement(conn, period, "UTC", a.tables);
      expect(JSON.stringify(statement)).toContain("Licence");
      statementJson = (await closePeriod(conn, period, "UTC", "finance@example.com", new Date("2026-01-02T09:00:00Z"), a.tables)).statementJson;
      expect(statementJson).toBe(JSON.stringify(statement));
    } finally {
      conn.closeSync();
    }
    expect(await readClosing(b.tables, period.key)).toEqual({
      period: period.key,
      closedBy: "finance@example.com",
      closedAt: "2026-01-02T09:00:00.000Z",
      statementJson,
    });

    const connB = await b.temp.store.connect();
    try {
      const refused = await closePeriod(connB, period, "UTC", "cfo@example.com", new Date(), b.tables).catch((e: unknown) => e);
      expect((refused as ApiError).code).toBe("conflict");
    } finally {
      connB.closeSync();
    }
    await reopenPeriod(b.tables, period, "cfo@example.com", new Date("2026-01-03T09:00:00Z"));
    expect(await readClosing(a.tables, period.key)).toBeNull();
    expect((await readEvents(a.tables, period.key)).map((e) => [e.action, e.actor])).toEqual([
      ["reopen", "cfo@example.com"],
      ["close", "finance@example.com"],
    ]);
  }, 120_000);
});
