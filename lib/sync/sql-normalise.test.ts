import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gatewayRun } from "@/lib/gateway/scripted-gateway";
import { normaliseRun } from "@/lib/gateway/normalise";
import { openStore, type Store } from "@/lib/store/db";
import { writeBatch } from "./batch-writer";
import { Spool } from "./spool";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The SQL normaliser must accept, convert and reject exactly as lib/gateway/normalise.ts does,
 * on every form of type drift Domino versions are known to send.
 */

const CASES: [string, Record<string, unknown>][] = [
  ["as documented", {}],
  ["ids as numbers", { runId: 12345, batchId: 1704067200000, userId: 7 }],
  ["amounts as strings", { hardwareTierCostAmount: ".0011", totalCostAmount: "12.345678" }],
  ["an amount with an exponent", { totalCostAmount: "1e-3" }],
  ["times as epoch ms", { queuedTime: 1704067200123, startTime: "1704067260000", endTime: 1704067320000 }],
  ["a time with an offset", { startTime: "2024-01-01T02:00:00.000+02:00" }],
  ["a time without a zone", { endTime: "2024-01-01 00:05:00" }],
  ["no start yet", { startTime: null, endTime: null, status: "Queued" }],
  ["an empty start", { startTime: "" }],
  ["null title and command", { title: null, command: null }],
  ["unknown extra fields", { gpuSeconds: 12, labels: ["a"] }],
  ["a cluster", { computeClusterDetails: { computeClusterType: "Spark", workerCount: 2, workerHardwareTierId: "s", workerHardwareTierCostPerMinute: 0.1 } }],
  ["missing runId", { runId: undefined }],
  ["missing user", { userName: undefined }],
  ["a cost that is not a number", { totalCostAmount: "n/a" }],
  ["a price that is not a number", { hardwareTierCostAmount: "free" }],
  ["a duration that is infinite", { runDurationSec: "inf" }],
  ["a queued time that is not a time", { queuedTime: "yesterday" }],
  ["an end time that is not a time", { endTime: "2024-13-45T99:00:00Z" }],
  ["cluster details that are not an object", { computeClusterDetails: "big" }],
  ["an empty runId", { runId: "" }],
];

let store: Store;
let dir: string;
let stored: Map<string, Record<string, unknown>>;
let rejected: Map<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "runledger-normalise-"));
  store = await openStore(":memory:");
  const conn = await store.connect();
  await conn.run("SET TimeZone = 'UTC'");
  const spool = new Spool(dir);
  spool.reset();
  // Each case on its own page, as its own batch: one odd value must not change how others read.
  stored = new Map();
  rejected = new Map();
  for (const [name, overrides] of CASES) {
    const raw = gatewayRun(CASES.findIndex(([n]) => n === name), overrides);
    const file = spool.write(Buffer.from(JSON.stringify([raw])));
    const result = await writeBatch(conn, [{ file, requested: null, next: null }], { table: "runs", cursorColumn: "cursor" }, { value: null });
    if (result.rejectedCount > 0) rejected.set(name, result.rejected[0]!.reason);
  }
  const rows = (
    await conn.runAndReadAll(
      `SELECT run_id, batch_id, title, command, status, user_id, run_duration_sec,
              CAST(hardware_tier_cost_amount AS DOUBLE) AS price, CAST(total_cost_amount AS DOUBLE) AS cost,
              strftime(queued_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS queued,
              strftime(start_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS started,
              strftime(end_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS ended,
              compute_cluster_details AS cluster
         FROM runs`,
    )
  ).getRowObjectsJS();
  for (const row of rows) stored.set(String(row.run_id), row);
  conn.closeSync();
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQL normaliser agrees with normaliseRun", () => {
  test.each(CASES.map(([name, overrides], i) => [name, i, overrides] as const))("%s", (name, i, overrides) => {
    const raw = JSON.parse(JSON.stringify(gatewayRun(i, overrides))) as Record<string, unknown>;
    const expected = normaliseRun(raw);
    if (!expected.ok) {
      expect(rejected.get(name)).toBe(expected.reason);
      return;
    }
    expect(rejected.has(name)).toBe(false);
    const run = expected.run;
    const row = stored.get(run.runId);
    expect(row).toBeDefined();
    expect(row).toMatchObject({
      batch_id: run.batchId,
      title: run.title,
      command: run.command,
      status: run.status,
      user_id: run.userId,
      run_duration_sec: run.runDurationSec,
      price: run.hardwareTierCostAmount,
      cost: run.totalCostAmount,
      queued: run.queuedTime,
      started: run.startTime,
      ended: run.endTime,
    });
    // The store keeps the cluster details as sent (newer fields included), once they are an object.
    if (run.computeClusterDetails) expect(JSON.parse(String(row!.cluster))).toEqual(raw.computeClusterDetails);
    else expect(row!.cluster).toBeNull();
  });
});
