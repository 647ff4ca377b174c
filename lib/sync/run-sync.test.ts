import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { gatewayRun, sendJson, startScriptedGateway, type ScriptedGateway } from "@/lib/gateway/scripted-gateway";
import { simulatedRun, totalVisibleRuns } from "@/lib/gateway/simulator";
import { fillDerivedColumns, HOURS_EXACT_EXPRESSION, WASTED_EXPRESSION } from "@/lib/store/derived-columns";
import { readDataInfo, readSyncState } from "@/lib/store/sync-state";
import { runSync } from "./run-sync";
import { SyncManager } from "./sync-manager";
import { STORE_KINDS, useStoreKind, type SyncTarget } from "@/lib/replica/testing/store-kinds";
import {
  expectedTotals,
  FAST_RETRY,
  NON_ADMIN_KEY,
  startTestSimulator,
  storeTotals,
  tempStore,
  toMicros,
  type TestSimulator,
} from "./testing/fixtures";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(runs: number, faults?: Parameters<typeof startTestSimulator>[0]["faults"]) {
  const sim = await startTestSimulator({ runs, ...(faults ? { faults } : {}) });
  cleanups.push(() => sim.close());
  const temp = await tempStore();
  cleanups.push(() => temp.cleanup());
  return { sim, temp };
}

function sync(sim: TestSimulator, target: SyncTarget, extra: Partial<Parameters<SyncTarget["sync"]>[0]> = {}) {
  return target.sync({
    gateway: sim.connection(),
    batchPages: 3,
    fetchOptions: { retry: FAST_RETRY },
    ...extra,
  });
}

async function scripted(respond: Parameters<typeof startScriptedGateway>[0]): Promise<ScriptedGateway> {
  const gateway = await startScriptedGateway(respond);
  cleanups.push(() => gateway.close());
  return gateway;
}

function scriptedConnection(gateway: ScriptedGateway, limit = 10) {
  return { baseUrl: gateway.url, auth: { kind: "api-key" as const, secret: "scripted-key" }, limit, timeoutMs: 5_000 };
}

// One set of tests, two stores: the store synced, and a replica that followed the syncing
// replica through PostgreSQL.
describe.each(STORE_KINDS)("runSync against the simulator, on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  async function setupSync(runs: number, faults?: Parameters<typeof startTestSimulator>[0]["faults"]) {
    const sim = await startTestSimulator({ runs, ...(faults ? { faults } : {}) });
    cleanups.push(() => sim.close());
    const temp = await stores.syncTarget();
    cleanups.push(() => temp.cleanup());
    return { sim, temp };
  }

    test("a backfill stores exactly the simulator's runs: count, ids, cost to the micro-dollar", async () => {
      const { sim, temp } = await setupSync(4000);
      const summary = await sync(sim, temp);
      const expected = expectedTotals(sim.spec, sim.clock.nowMs);
      expect(summary.kind).toBe("backfill");
      expect(summary.pages).toBe(Math.ceil(expected.count / 250));
      const stored = await storeTotals(temp.store);
      expect(stored.count).toBe(expected.count);
      expect(stored.ids).toEqual(expected.ids);
      expect(stored.costMicros).toBe(expected.costMicros);
      expect(stored.inFlight).toBe(expected.inFlight);

      const conn = await temp.store.connect();
      const state = await readSyncState(conn);
      const info = await readDataInfo(conn);
      conn.closeSync();
      // The cursor rests on the last run: the next sync asks from there.
      expect(state.cursor).toBe(simulatedRun(expected.count - 1, sim.spec, sim.clock.nowMs)!.batchId);
      expect(info.dataVersion).toBeGreaterThanOrEqual(Math.ceil(summary.pages / 3));
      expect(info.dataAsOf).not.toBeNull();
      expect(state.lastSync).toMatchObject({ kind: "backfill", runs: expected.count, pages: summary.pages });
    });

    test("stores every field normalised: times as timestamps, amounts exact, derived columns", async () => {
      const { sim, temp } = await setupSync(600);
      await sync(sim, temp);
      const run = simulatedRun(123, sim.spec, sim.clock.nowMs)!;
      const conn = await temp.store.connect();
      const row = (
        await conn.runAndReadAll(
          `SELECT batch_id, title, status, CAST(total_cost_amount AS VARCHAR) AS cost, CAST(hardware_tier_cost_amount AS VARCHAR) AS price,
                  epoch_ms(queued_time) AS queued, epoch_ms(started_at) AS started, compute_hours, project_key, in_flight, run_duration_sec
             FROM runs WHERE run_id = $id`,
          { id: run.runId },
        )
      ).getRowObjectsJS()[0]!;
      conn.closeSync();
      expect(row.batch_id).toBe(run.batchId);
      expect(row.title).toBe(run.title);
      expect(toMicros(Number(row.cost))).toBe(toMicros(run.totalCostAmount));
      expect(Number(row.price)).toBeCloseTo(run.hardwareTierCostAmount, 8);
      expect(Number(row.queued)).toBe(Date.parse(run.queuedTime));
      expect(Number(row.started)).toBe(Date.parse(run.startTime ?? run.queuedTime));
      expect(row.compute_hours).toBeCloseTo(run.runDurationSec / 3600, 9);
      expect(row.project_key).toBe(`${run.projectOwnerName}/${run.projectName}`);
      expect(row.in_flight).toBe(run.endTime === null);
    });

    test("fills the stored per-run values of migration 4 as it inserts: no run left for fillDerivedColumns", async () => {
      const { sim, temp } = await setupSync(600);
      await sync(sim, temp);
      const conn = await temp.store.connect();
      try {
        const row = (
          await conn.runAndReadAll(
            `SELECT count(*) AS runs,
                    count(*) FILTER (WHERE compute_hours_exact IS NULL OR wasted IS NULL) AS unfilled,
                    count(*) FILTER (WHERE compute_hours_exact <> ${HOURS_EXACT_EXPRESSION} OR wasted <> (${WASTED_EXPRESSION})) AS wrong,
                    count(*) FILTER (WHERE wasted) AS wasted
               FROM runs`,
          )
        ).getRowObjectsJS()[0]!;
        expect(Number(row.runs)).toBe(expectedTotals(sim.spec, sim.clock.nowMs).count);
        expect(Number(row.unfilled)).toBe(0);
        expect(Number(row.wrong)).toBe(0);
        expect(Number(row.wasted)).toBeGreaterThan(0);
        expect(await fillDerivedColumns(conn)).toBe(0);
      } finally {
        conn.closeSync();
      }
    });

    test("a run seen as Running is stored later as Succeeded with its final cost", async () => {
      // A dense deployment, synced from near its end: open runs are the last days' runs.
      const { sim, temp } = await setupSync(300_000);
      const t1 = sim.clock.nowMs;
      const t2 = t1 + 7 * 86_400_000;
      const n1 = totalVisibleRuns(sim.spec, t1);
      const from = n1 - 600;
      let index = -1;
      for (let i = from; i < n1; i++) {
        const before = simulatedRun(i, sim.spec, t1)!;
        if (before.status === "Running" && simulatedRun(i, sim.spec, t2)!.status === "Succeeded") {
          index = i;
          break;
        }
      }
      expect(index).toBeGreaterThanOrEqual(0);
      await temp.setCursor(simulatedRun(from, sim.spec, t1)!.batchId);

      await sync(sim, temp);
      const runId = simulatedRun(index, sim.spec, t1)!.runId;
      const read = async () => {
        const c = await temp.store.connect();
        const row = (
          await c.runAndReadAll(
            "SELECT status, in_flight, end_time IS NULL AS open, CAST(total_cost_amount AS VARCHAR) AS cost FROM runs WHERE run_id = $id",
            { id: runId },
          )
        ).getRowObjectsJS()[0]!;
        c.closeSync();
        return row;
      };
      expect(await read()).toMatchObject({ status: "Running", in_flight: true, open: true });
      expect((await storeTotals(temp.store)).inFlight).toBe(expectedTotals(sim.spec, t1, from).inFlight);

      sim.clock.nowMs = t2;
      const summary = await sync(sim, temp);
      expect(summary.kind).toBe("incremental");
      expect(summary.refreshPages).toBeGreaterThan(0);
      const final = simulatedRun(index, sim.spec, t2)!;
      const row = await read();
      expect(row).toMatchObject({ status: "Succeeded", in_flight: false, open: false });
      expect(toMicros(Number(row.cost))).toBe(toMicros(final.totalCostAmount));
      expect(toMicros(final.totalCostAmount)).toBeGreaterThan(0n);
      // And every run from the first synced one on agrees with the simulator at t2.
      const expected = expectedTotals(sim.spec, t2, from);
      const stored = await storeTotals(temp.store);
      expect(stored.ids).toEqual(expected.ids);
      expect(stored.costMicros).toBe(expected.costMicros);
      expect(stored.inFlight).toBe(expected.inFlight);
    });

    test("with 20% of requests failing (429/5xx, bodies cut short) the data still ends exact", async () => {
      const { sim, temp } = await setupSync(4000, { failureRate: 0.2, truncateRate: 0.05 });
      let retries = 0;
      await sync(sim, temp, { fetchOptions: { retry: FAST_RETRY, onRetry: () => retries++ } });
      const expected = expectedTotals(sim.spec, sim.clock.nowMs);
      const stored = await storeTotals(temp.store);
      expect(retries).toBeGreaterThan(0);
      expect(stored.count).toBe(expected.count);
      expect(stored.ids).toEqual(expected.ids);
      expect(stored.costMicros).toBe(expected.costMicros);
    });

    test("a full re-sync builds beside the live data: readers never see a half-empty store", async () => {
      const { sim, temp } = await setupSync(3000);
      await sync(sim, temp);
      const before = await storeTotals(temp.store);
      sim.sim.setFaults({ latencyMs: 15 });
      const reader = await temp.store.connect();
      const counts: number[] = [];
      let done = false;
      const resync = sync(sim, temp, { full: true, batchPages: 1 }).finally(() => (done = true));
      while (!done) {
        counts.push(Number((await reader.runAndReadAll("SELECT count(*) AS n FROM runs")).getRowObjectsJS()[0]!.n));
        await new Promise((r) => setTimeout(r, 10));
      }
      const summary = await resync;
      reader.closeSync();
      expect(summary.kind).toBe("resync");
      expect(counts.length).toBeGreaterThan(3);
      expect(Math.min(...counts)).toBe(before.count);
      const after = await storeTotals(temp.store);
      expect(after).toEqual(before);
      const conn = await temp.store.connect();
      const state = await readSyncState(conn);
      const tables = (await conn.runAndReadAll("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'runs_next'")).getRowObjectsJS();
      conn.closeSync();
      expect(state.resyncActive).toBe(false);
      expect(Number(tables[0]!.n)).toBe(0);
    });
});

describe("runSync against a scripted gateway", () => {
  test("an empty deployment: no runs, no error, data as of now", async () => {
    const gateway = await scripted((_req, _i, res) => sendJson(res, 200, { runs: [], nextBatchId: null }));
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const summary = await runSync({ store: temp.store, gateway: scriptedConnection(gateway), spoolDir: temp.spoolDir });
    expect(summary).toMatchObject({ runsStored: 0, pages: 0 });
    const conn = await temp.store.connect();
    const state = await readSyncState(conn);
    conn.closeSync();
    expect(state.cursor).toBeNull();
    expect(state.lastSuccessAt).not.toBeNull();
    expect(state.lastError).toBeNull();
    expect(gateway.requests).toHaveLength(1);
  });

  test("duplicates across and within pages: one row per runId, the later read wins", async () => {
    const runs = Array.from({ length: 20 }, (_, n) => gatewayRun(n));
    const gateway = await scripted((req, _i, res) => {
      const batchId = req.url.searchParams.get("batchId");
      if (batchId === null) {
        // Page 1 holds run 9 still running; page 2 starts AT its batchId (inclusive) with it finished.
        const page = runs.slice(0, 10).map((r, n) => (n === 9 ? { ...r, status: "Running", endTime: null } : r));
        return sendJson(res, 200, { runs: [...page, runs[3]], nextBatchId: runs[9]!.batchId });
      }
      return sendJson(res, 200, { runs: runs.slice(9), nextBatchId: null });
    });
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    await runSync({ store: temp.store, gateway: scriptedConnection(gateway), spoolDir: temp.spoolDir, batchPages: 5 });
    const conn = await temp.store.connect();
    const rows = (await conn.runAndReadAll("SELECT count(*) AS n, count(DISTINCT run_id) AS d FROM runs")).getRowObjectsJS()[0]!;
    const nine = (await conn.runAndReadAll("SELECT status FROM runs WHERE run_id = 'run-9'")).getRowObjectsJS();
    conn.closeSync();
    expect(Number(rows.n)).toBe(20);
    expect(Number(rows.d)).toBe(20);
    expect(nine).toEqual([{ status: "Succeeded" }]);
  });

  test("a cursor that does not advance ends the sync instead of looping", async () => {
    const runs = Array.from({ length: 5 }, (_, n) => gatewayRun(n));
    const gateway = await scripted((req, _i, res) => {
      const asked = req.url.searchParams.get("batchId");
      sendJson(res, 200, { runs, nextBatchId: asked ?? runs[0]!.batchId });
    });
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const summary = await runSync({ store: temp.store, gateway: scriptedConnection(gateway), spoolDir: temp.spoolDir });
    expect(gateway.requests.length).toBeLessThanOrEqual(3);
    expect(summary.runsStored).toBeGreaterThanOrEqual(5);
    expect((await storeTotals(temp.store)).count).toBe(5);
  });

  test("the in-flight refresh jumps between open runs, at most its page cap per sync, and resumes", async () => {
    const open = new Set([10, 30, 50, 70]);
    let finished = false;
    const all = Array.from({ length: 100 }, (_, n) =>
      open.has(n) ? () => (finished ? gatewayRun(n) : gatewayRun(n, { status: "Running", endTime: null, totalCostAmount: 0.01 })) : () => gatewayRun(n),
    );
    const gateway = await scripted((req, _i, res) => {
      const asked = req.url.searchParams.get("batchId");
      const start = asked === null ? 0 : all.findIndex((make) => Number(make().batchId) >= Number(asked));
      const page = all.slice(start, start + 10).map((make) => make());
      const next = all[start + 10]?.().batchId ?? null;
      sendJson(res, 200, { runs: page, nextBatchId: next });
    });
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const run = (cap: number) =>
      runSync({ store: temp.store, gateway: scriptedConnection(gateway), spoolDir: temp.spoolDir, refreshPageCap: cap });
    const statuses = async () => {
      const conn = await temp.store.connect();
      const rows = (await conn.runAndReadAll("SELECT run_id FROM runs WHERE in_flight ORDER BY run_id")).getRowObjectsJS();
      const state = await readSyncState(conn);
      conn.closeSync();
      return { open: rows.map((r) => r.run_id), refreshCursor: state.refreshCursor };
    };
    await run(2);
    expect((await statuses()).open).toEqual(["run-10", "run-30", "run-50", "run-70"]);

    finished = true;
    const seen = gateway.requests.length;
    const second = await run(2);
    expect(second.refreshPages).toBe(2);
    // The forward pass asks from the cursor (run 99); the refresh asks at run 10, then jumps to run 30.
    const asked = gateway.requests.slice(seen).map((r) => r.url.searchParams.get("batchId"));
    expect(asked).toEqual([gatewayRun(99).batchId, gatewayRun(10).batchId, gatewayRun(30).batchId]);
    expect(await statuses()).toEqual({ open: ["run-50", "run-70"], refreshCursor: gatewayRun(50).batchId });

    const third = await run(2);
    expect(third.refreshPages).toBe(2);
    expect(await statuses()).toEqual({ open: [], refreshCursor: null });
  });

  test("bad records are counted and reported with their runIds; the rest is stored", async () => {
    const runs = [
      gatewayRun(0),
      gatewayRun(1, { totalCostAmount: "n/a" }),
      gatewayRun(2, { runId: undefined }),
      gatewayRun(3, { hardwareTierCostAmount: ".0011", totalCostAmount: "12.5" }),
      gatewayRun(4, { queuedTime: Date.UTC(2024, 0, 2), startTime: "" }),
      gatewayRun(5, { userName: null }),
    ];
    const gateway = await scripted((_req, _i, res) => sendJson(res, 200, { runs, nextBatchId: null }));
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const manager = new SyncManager({ store: temp.store, gateway: async () => scriptedConnection(gateway), spoolDir: temp.spoolDir, log: () => {} });
    const summary = (await manager.syncNow())!;
    expect(summary.rejectedCount).toBe(3);
    expect(summary.rejected).toEqual(
      expect.arrayContaining([
        { runId: "run-1", reason: expect.stringContaining("totalCostAmount is not a number") },
        { runId: null, reason: "runId is missing" },
        { runId: "run-5", reason: "userName is missing" },
      ]),
    );
    const status = await manager.status();
    expect(status.runCount).toBe(3);
    expect(status.rejectedRuns).toBe(3);
    const conn = await temp.store.connect();
    const rows = (
      await conn.runAndReadAll(
        "SELECT run_id, CAST(total_cost_amount AS VARCHAR) AS cost, CAST(hardware_tier_cost_amount AS VARCHAR) AS price, epoch_ms(queued_time) AS q, start_time FROM runs ORDER BY run_id",
      )
    ).getRowObjectsJS();
    conn.closeSync();
    expect(rows.map((r) => r.run_id)).toEqual(["run-0", "run-3", "run-4"]);
    expect(rows[1]).toMatchObject({ cost: "12.500000", price: "0.00110000" });
    expect(rows[2]).toMatchObject({ q: BigInt(Date.UTC(2024, 0, 2)), start_time: null });
  });

  test("a rejected key stops the sync with a clear state and no retry storm", async () => {
    const gateway = await scripted((_req, _i, res: ServerResponse) => sendJson(res, 403, { message: "Forbidden" }));
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const manager = new SyncManager({ store: temp.store, gateway: async () => scriptedConnection(gateway), spoolDir: temp.spoolDir, log: () => {} });
    expect(await manager.syncNow()).toBeNull();
    expect(gateway.requests).toHaveLength(1);
    const status = await manager.status();
    expect(status.running).toBe(false);
    expect(status.lastError).toMatchObject({ code: "auth_rejected" });
    expect(status.lastError!.message).toMatch(/^The Domino key was rejected \(HTTP 403\)/);
    expect(status.lastError!.message).not.toContain("scripted-key");
  });
});

describe("SyncManager", () => {
  test("one sync at a time: a second request joins the running one", async () => {
    const { sim, temp } = await setup(2000);
    sim.sim.setFaults({ latencyMs: 20 });
    const manager = new SyncManager({ store: temp.store, gateway: async () => sim.connection(), spoolDir: temp.spoolDir, log: () => {} });
    const first = manager.request();
    const second = manager.request({ full: true });
    expect(first.started).toBe(true);
    expect(second.started).toBe(false);
    expect(second.done).toBe(first.done);
    const during = await manager.status();
    expect(during.running).toBe(true);
    expect(during.kind).toBe("backfill");
    const summary = await first.done;
    expect(summary?.kind).toBe("backfill");
    const after = await manager.status();
    expect(after).toMatchObject({ running: false, kind: null, progress: null, lastError: null });
    expect(after.runCount).toBe(expectedTotals(sim.spec, sim.clock.nowMs).count);
    expect(after.dataAsOf).not.toBeNull();
  });

  test("a non-admin key against the simulator ends in the auth_rejected state", async () => {
    const { sim, temp } = await setup(500);
    const manager = new SyncManager({
      store: temp.store,
      gateway: async () => sim.connection(250, NON_ADMIN_KEY),
      spoolDir: temp.spoolDir,
      log: () => {},
    });
    expect(await manager.syncNow()).toBeNull();
    const status = await manager.status();
    expect(status.lastError?.code).toBe("auth_rejected");
    expect(status.lastError?.message).toContain("not an admin's key");
    expect(status.runCount).toBe(0);
  });
});
