import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { breakdownParams, computeBreakdown } from "@/lib/analytics/breakdown";
import { noFilters } from "@/lib/contract/filters";
import { computeTotals } from "@/lib/analytics/totals";
import { fixtureStore, insertRuns } from "@/lib/analytics/test-data";
import { applyTeamsConfig, tiesUnder } from "./apply";
import { assignBatch } from "./assign";
import type { TeamsConfig } from "./config";
import { previewTeamsConfig } from "./preview";
import { readTeamsConfig } from "./store";

let store: Store;
let conn: DuckDBConnection;
beforeAll(async () => ({ store, conn } = await fixtureStore(undefined, { fill: true })));
afterAll(() => store.close());

const CONFIG: TeamsConfig = {
  teams: [
    { name: "Data Platform", costCentre: "CC-100", managerEmail: "dp@example.com" },
    { name: "Research", costCentre: null, managerEmail: null },
  ],
  rules: [
    { team: "Data Platform", kind: "project", pattern: "alice/*" },
    { team: "Research", kind: "user", pattern: "carol" },
  ],
};

const teamRows = async (by: "team" | "costCentre" = "team") =>
  (await computeBreakdown(conn, noFilters(), "UTC", breakdownParams.parse({ by }))).rows.map((r) => ({ key: r.key, currency: r.currency, runs: r.runs, cost: r.cost }));

describe("applying a team set-up to history", () => {
  test("before any rule every run is Unallocated", async () => {
    expect(await teamRows()).toEqual([
      { key: "Unallocated", currency: "USD", runs: 6, cost: 38.75 },
      { key: "Unallocated", currency: "EUR", runs: 1, cost: 3.1 },
    ]);
  });

  test("the preview names each move with its runs and cost; nothing changes", async () => {
    const preview = await previewTeamsConfig(conn, CONFIG, "UTC", Date.parse("2024-04-10T00:00:00Z"));
    expect(preview.lastMonth).toBe("2024-03");
    // alice/alpha: r1 (Jan 31, 10.00), r3 (carol, Feb; the project rule beats the user rule), r5 (EUR, March).
    expect(preview.moves).toHaveLength(3);
    expect(preview.moves).toEqual(
      expect.arrayContaining([
        { from: "Unallocated", to: "Data Platform", currency: "USD", runs: 2, cost: 10, lastMonthCost: 0 },
        { from: "Unallocated", to: "Research", currency: "USD", runs: 1, cost: 1, lastMonthCost: 1 },
        { from: "Unallocated", to: "Data Platform", currency: "EUR", runs: 1, cost: 3.1, lastMonthCost: 3.1 },
      ]),
    );
    expect(preview.runsMoved).toBe(4);
    expect(await teamRows()).toHaveLength(2);
  });

  test("saving moves the runs at once, in breakdowns by team and cost centre, and bumps the data version", async () => {
    const before = (await conn.runAndReadAll("SELECT data_version FROM sync_state")).getRowObjectsJS()[0]!.data_version;
    const outcome = await applyTeamsConfig(store, CONFIG);
    expect(outcome.runsChanged).toBe(4);
    const after = (await conn.runAndReadAll("SELECT data_version FROM sync_state")).getRowObjectsJS()[0]!.data_version;
    expect(Number(after)).toBe(Number(before) + 1);
    expect(await teamRows()).toEqual([
      { key: "Unallocated", currency: "USD", runs: 3, cost: 27.75 },
      { key: "Data Platform", currency: "USD", runs: 2, cost: 10 },
      { key: "Data Platform", currency: "EUR", runs: 1, cost: 3.1 },
      { key: "Research", currency: "USD", runs: 1, cost: 1 },
    ]);
    expect((await teamRows("costCentre")).map((r) => [r.key, r.currency, r.runs])).toEqual([
      ["(none)", "USD", 4],
      ["CC-100", "USD", 2],
      ["CC-100", "EUR", 1],
    ]);
    const filtered = await computeTotals(conn, { ...noFilters(), team: ["Data Platform"] }, "UTC", null);
    expect(filtered.current.runs).toBe(3);
    expect(await readTeamsConfig(conn)).toEqual({ ...CONFIG, teams: [...CONFIG.teams] });
  });

  test("a sync batch's new runs get their team before the batch commits", async () => {
    await insertRuns(conn, [
      { id: "n1", start: "2024-04-03T10:00:00.000Z", tier: "Small", owner: "alice", project: "zeta", user: "dave", runType: "Batch", status: "Succeeded", cost: "4.00", durationSec: 60 },
      { id: "n2", start: "2024-04-03T11:00:00.000Z", tier: "Small", owner: "erin", project: "x", user: "carol", runType: "Batch", status: "Succeeded", cost: "1.50", durationSec: 60 },
    ]);
    await assignBatch(conn, "runs", "SELECT run_id FROM runs WHERE run_id IN ('n1', 'n2')");
    const rows = (await conn.runAndReadAll("SELECT run_id, team, cost_centre FROM runs WHERE run_id LIKE 'n%' ORDER BY run_id")).getRowObjectsJS();
    expect(rows).toEqual([
      { run_id: "n1", team: "Data Platform", cost_centre: "CC-100" },
      { run_id: "n2", team: "Research", cost_centre: "(none)" },
    ]);
  });

  test("rules that tie two teams on the same kind are reported with the runs concerned", async () => {
    const tied: TeamsConfig = { ...CONFIG, rules: [...CONFIG.rules, { team: "Data Platform", kind: "user", pattern: "c*" }] };
    const ties = await tiesUnder(conn, tied);
    expect(ties).toEqual([{ projectKey: "carol/gamma", user: "carol", teams: "Data Platform, Research", runs: 1 }, { projectKey: "erin/x", user: "carol", teams: "Data Platform, Research", runs: 1 }]);
  });
});

describe("a save racing a sync batch", () => {
  test("the save meets a batch in flight (a write conflict) and is done again once the batch is in", async () => {
    const { store: s, conn: c } = await fixtureStore(undefined, { fill: true });
    try {
      const batch = await s.connect();
      // A sync batch in flight: it replaced a run and moved the data version, not yet committed.
      await batch.run("BEGIN TRANSACTION");
      await batch.run("DELETE FROM runs WHERE run_id = 'r6'");
      await batch.run("UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1");
      const retries: number[] = [];
      const outcome = await applyTeamsConfig(s, CONFIG, {
        beforeRetry: async (attempt) => {
          retries.push(attempt);
          if (attempt === 1) await batch.run("COMMIT");
        },
      });
      batch.closeSync();
      expect(retries).toEqual([1]);
      // r6 (carol/gamma, Research's user rule) left with the batch; the others moved.
      expect(outcome.runsChanged).toBe(3);
      const teams = (await c.runAndReadAll("SELECT team, count(*) AS n FROM runs GROUP BY 1 ORDER BY 1")).getRowObjectsJS();
      expect(teams.map((r) => [r.team, Number(r.n)])).toEqual([["Data Platform", 3], ["Unallocated", 3]]);
    } finally {
      c.closeSync();
      s.close();
    }
  });
});
