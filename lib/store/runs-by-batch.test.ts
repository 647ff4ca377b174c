import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { insertRuns, type TestRun } from "@/lib/analytics/test-data";
import { openStore, type Store } from "./db";
import { readRunsByBatch } from "./runs-by-batch";

// batchIds of different lengths: text order would put "10" before "9".
const BATCH_IDS = ["9", "10", "11", "100", "1000", "1001", "20000"];

let store: Store;
let conn: DuckDBConnection;

beforeAll(async () => {
  store = await openStore(":memory:");
  conn = await store.connect();
  const runs: TestRun[] = BATCH_IDS.map((_, i) => ({
    id: `r${i}`,
    start: `2024-01-0${i + 1}T10:00:00.000Z`,
    tier: "Small",
    owner: "acme",
    project: "etl",
    user: "ann",
    runType: "Batch",
    status: "Succeeded",
    cost: "1.25",
    durationSec: 60,
  }));
  await insertRuns(conn, runs);
  for (const [i, batchId] of BATCH_IDS.entries()) {
    await conn.run(`UPDATE runs SET batch_id = $1 WHERE run_id = $2`, [batchId, `r${i}`]);
  }
  await conn.run(
    `UPDATE runs SET compute_cluster_details = $1 WHERE run_id = 'r1'`,
    [JSON.stringify({ computeClusterType: "Spark", workerCount: 2, workerHardwareTierId: "small", workerHardwareTierCostPerMinute: 0.01, masterHardwareTierId: null, masterHardwareTierCostPerMinute: null })],
  );
});

afterAll(() => {
  conn.closeSync();
  store.close();
});

describe("readRunsByBatch", () => {
  test("numeric order, inclusive start, nextBatchId the first run of the next page", async () => {
    const first = await readRunsByBatch(conn, null, 3);
    expect(first.runs.map((r) => r.batchId)).toEqual(["9", "10", "11"]);
    expect(first.nextBatchId).toBe("100");
    const second = await readRunsByBatch(conn, first.nextBatchId, 3);
    expect(second.runs.map((r) => r.batchId)).toEqual(["100", "1000", "1001"]);
    const last = await readRunsByBatch(conn, second.nextBatchId, 3);
    expect(last).toMatchObject({ runs: [{ batchId: "20000" }], nextBatchId: null });
  });

  test("a batchId between runs starts at the next one; leading zeros mean the same number", async () => {
    expect((await readRunsByBatch(conn, "12", 2)).runs.map((r) => r.batchId)).toEqual(["100", "1000"]);
    expect((await readRunsByBatch(conn, "0010", 1)).runs.map((r) => r.batchId)).toEqual(["10"]);
    expect(await readRunsByBatch(conn, "99999", 5)).toEqual({ runs: [], nextBatchId: null });
  });

  test("Domino's JSON shape: ISO times with milliseconds, numbers, cluster details as an object", async () => {
    const [, run] = (await readRunsByBatch(conn, null, 2)).runs;
    expect(run).toEqual({
      batchId: "10",
      runId: "r1",
      title: "run r1",
      command: "python r1.py",
      status: "Succeeded",
      runType: "Batch",
      userName: "ann",
      userId: "id-ann",
      projectOwnerName: "acme",
      projectOwnerId: "id-acme",
      projectName: "etl",
      projectId: "id-acme-etl",
      runDurationSec: 60,
      hardwareTier: "Small",
      hardwareTierCostCurrency: "USD",
      hardwareTierCostAmount: 0.0011,
      queuedTime: "2024-01-02T10:00:00.000Z",
      startTime: "2024-01-02T10:00:00.000Z",
      endTime: null,
      totalCostCurrency: "USD",
      totalCostAmount: 1.25,
      computeClusterDetails: {
        computeClusterType: "Spark",
        workerCount: 2,
        workerHardwareTierId: "small",
        workerHardwareTierCostPerMinute: 0.01,
        masterHardwareTierId: null,
        masterHardwareTierCostPerMinute: null,
      },
    });
  });
});
