import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { gatewayRun } from "@/lib/gateway/scripted-gateway";
import { openStore, type Store } from "@/lib/store/db";
import { writeBatch } from "./batch-writer";
import { Spool } from "./spool";

/**
 * writeBatch keeps one row per runId whichever way a batch is written: straight in when its
 * range of batchIds is new (checked after the insert), or replacing stored runs otherwise.
 */

let dir: string;
let store: Store;
let conn: DuckDBConnection;
let spool: Spool;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "runledger-batch-"));
  store = await openStore(path.join(dir, "runledger.duckdb"));
  conn = await store.connect();
  await conn.run("SET TimeZone = 'UTC'");
  spool = new Spool(path.join(dir, "spool"));
  spool.reset();
});

afterEach(() => {
  conn.closeSync();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const TARGET = { table: "runs", cursorColumn: "cursor" } as const;

/** A page of runs n…, with overrides per run; requested at the first run's batchId. */
function page(ns: number[], overrides: Record<number, Record<string, unknown>> = {}) {
  const runs = ns.map((n) => gatewayRun(n, overrides[n] ?? {}));
  return { file: spool.write(Buffer.from(JSON.stringify(runs))), requested: String(runs[0]!.batchId), next: null };
}

async function rows(): Promise<{ run_id: string; batch_id: string; title: string }[]> {
  const reader = await conn.runAndReadAll("SELECT run_id, batch_id, title FROM runs ORDER BY run_id");
  return reader.getRowObjectsJS() as { run_id: string; batch_id: string; title: string }[];
}

test("a batch in a new range of batchIds goes in whole, and later batches add to it", async () => {
  const first = await writeBatch(conn, [{ ...page([1, 2]), requested: null }, page([3, 4])], TARGET, { value: "x" });
  expect(first).toMatchObject({ seen: 4, stored: 4, rejectedCount: 0, cursor: "x" });
  const second = await writeBatch(conn, [page([5, 6])], TARGET, { lastRunOfLastPage: true });
  expect(second).toMatchObject({ seen: 2, stored: 2, cursor: String(gatewayRun(6).batchId) });
  expect((await rows()).map((r) => r.run_id)).toEqual(["run-1", "run-2", "run-3", "run-4", "run-5", "run-6"]);
});

test("a run already stored under an older batchId is replaced, not stored twice", async () => {
  await writeBatch(conn, [page([1, 2])], TARGET, { value: null });
  // run-2 again, now carrying a later batchId, in a batch whose range is otherwise new.
  await writeBatch(conn, [page([5, 6], { 6: { runId: "run-2", title: "moved" } })], TARGET, { value: null });
  expect(await rows()).toEqual([
    { run_id: "run-1", batch_id: String(gatewayRun(1).batchId), title: "Run 1" },
    { run_id: "run-2", batch_id: String(gatewayRun(6).batchId), title: "moved" },
    { run_id: "run-5", batch_id: String(gatewayRun(5).batchId), title: "Run 5" },
  ]);
});

test("a run on two pages of one new batch: the later page wins", async () => {
  const result = await writeBatch(conn, [page([1, 2]), page([2, 3], { 2: { title: "later" } })], TARGET, { value: null });
  expect(result).toMatchObject({ seen: 4, stored: 3 });
  expect((await rows()).map((r) => [r.run_id, r.title])).toEqual([
    ["run-1", "Run 1"],
    ["run-2", "later"],
    ["run-3", "Run 3"],
  ]);
});

test("an unreadable run in a new batch is reported; the rest is stored", async () => {
  const result = await writeBatch(conn, [page([1, 2, 3], { 2: { totalCostAmount: "n/a" } })], TARGET, { value: null });
  expect(result).toMatchObject({ seen: 3, stored: 2, rejectedCount: 1, rejected: [{ runId: "run-2" }] });
  expect((await rows()).map((r) => r.run_id)).toEqual(["run-1", "run-3"]);
});

test("a batch starting at a stored run (an incremental sync's cursor) replaces it", async () => {
  await writeBatch(conn, [page([1, 2])], TARGET, { value: null });
  const result = await writeBatch(conn, [page([2, 3], { 2: { title: "finished" } })], TARGET, { value: null });
  expect(result).toMatchObject({ seen: 2, stored: 2 });
  expect((await rows()).map((r) => [r.run_id, r.title])).toEqual([
    ["run-1", "Run 1"],
    ["run-2", "finished"],
    ["run-3", "Run 3"],
  ]);
});

test("the gateway's cursor text is stored exactly as sent, quotes and SQL included", async () => {
  const hostile = "7'); DROP TABLE runs; --";
  const result = await writeBatch(conn, [{ ...page([1, 2]), requested: null }], TARGET, { value: hostile });
  expect(result.cursor).toBe(hostile);
  const stored = (await conn.runAndReadAll("SELECT cursor FROM sync_state WHERE id = 1")).getRowObjectsJS()[0]!;
  expect(stored.cursor).toBe(hostile);
  expect((await rows()).length).toBe(2);
});
