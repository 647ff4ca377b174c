import { afterEach, expect, test } from "vitest";
import { SyncManager } from "@/lib/sync/sync-manager";
import { startTestSimulator, tempStore } from "@/lib/sync/testing/fixtures";
import { breakdownParams, computeBreakdown } from "./breakdown";
import { noFilters } from "@/lib/contract/filters";
import { runQuery } from "./query";
import { rollupsUsable } from "./rollups";
import { computeTotals } from "./totals";

/** The sync keeps the rollups current: after each sync that changed runs, they answer again. */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

test("a sync rebuilds the rollups for the configured zone; answers from them equal the runs'", async () => {
  process.env.RUNLEDGER_TIMEZONE = "Europe/Berlin";
  const sim = await startTestSimulator({ runs: 400 });
  cleanups.push(() => sim.close());
  const temp = await tempStore();
  cleanups.push(() => temp.cleanup());
  const logged: string[] = [];
  const manager = new SyncManager({ store: temp.store, gateway: async () => sim.connection(100), spoolDir: temp.spoolDir, log: (m) => logged.push(m) });

  expect(await manager.syncNow()).not.toBeNull();
  const conn = await temp.store.connect();
  cleanups.push(() => conn.closeSync());
  const versions = async () =>
    (await runQuery(conn, "SELECT s.data_version AS runs, r.data_version AS rollups, r.time_zone FROM sync_state s, rollup_state r"))[0];
  const first = await versions();
  expect(first).toMatchObject({ time_zone: "Europe/Berlin" });
  expect(first?.rollups).toBe(first?.runs);
  expect(logged.some((m) => m.startsWith("[rollups] rebuilt"))).toBe(true);
  expect(await rollupsUsable(conn, noFilters(), "Europe/Berlin")).toBe(true);
  expect(await computeTotals(conn, noFilters(), "Europe/Berlin", null)).toEqual(
    await computeTotals(conn, noFilters(), "Europe/Berlin", null, { raw: true }),
  );

  // New runs upstream: the next sync changes the data version and the rollups follow it.
  sim.clock.nowMs += 3 * 86_400_000;
  expect(await manager.syncNow()).not.toBeNull();
  const second = await versions();
  expect(second?.rollups).toBe(second?.runs);
  const p = breakdownParams.parse({ by: "project" });
  expect(await computeBreakdown(conn, noFilters(), "Europe/Berlin", p)).toEqual(
    await computeBreakdown(conn, noFilters(), "Europe/Berlin", p, { raw: true }),
  );
}, 60_000);
