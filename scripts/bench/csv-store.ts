import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { framePage } from "@/lib/sync/page-frame";
import { openStore, STORE_FILE_NAME } from "@/lib/store/db";
import { RUN_FIELDS } from "@/lib/gateway/run";

/**
 * The store the CSV benchmark reads: every run of the bench simulator, built once per size
 * and kept under the system's temp folder for later runs. Pages are fetched from the
 * simulator and DuckDB reads their runs arrays itself (read_json), typed, 100 pages at a time.
 */

const TYPES: Partial<Record<(typeof RUN_FIELDS)[number], string>> = {
  runDurationSec: "DOUBLE",
  hardwareTierCostAmount: "DECIMAL(18, 8)",
  queuedTime: "TIMESTAMPTZ",
  startTime: "TIMESTAMPTZ",
  endTime: "TIMESTAMPTZ",
  totalCostAmount: "DECIMAL(18, 6)",
};
const COLUMNS = `{${[...RUN_FIELDS.map((f) => `"${f}": '${TYPES[f] ?? "VARCHAR"}'`), `"computeClusterDetails": 'JSON'`].join(", ")}}`;
const SNAKE = (f: string) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const INSERT_SELECT = `SELECT ${RUN_FIELDS.map((f) => `"${f}"`).join(", ")}, CAST("computeClusterDetails" AS VARCHAR),
  coalesce("startTime", "queuedTime"), "runDurationSec" / 3600, "projectOwnerName" || '/' || "projectName",
  "status" NOT IN ('Succeeded', 'Failed', 'Stopped', 'Error')`;
const TARGET = `runs (${[...RUN_FIELDS.map(SNAKE), "compute_cluster_details", "started_at", "compute_hours", "project_key", "in_flight"].join(", ")})`;

export async function benchStoreDir(sim: { url: string; adminKey: string }, runs: number, log: (m: string) => void): Promise<string> {
  const dir = path.join(os.tmpdir(), `runledger-bench-csv-${runs}`);
  const file = path.join(dir, STORE_FILE_NAME);
  if (existsSync(path.join(dir, "complete"))) return dir;
  await rm(dir, { recursive: true, force: true });
  const spool = path.join(dir, "spool");
  await mkdir(spool, { recursive: true });
  log(`building a store of ${runs.toLocaleString("en-US")} simulated runs in ${dir} (once)`);
  const store = await openStore(file);
  const conn = await store.connect();
  await conn.run("SET TimeZone = 'UTC'");
  let cursor: string | null = null;
  let pending: string[] = [];
  let pages = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const files = pending.map((f) => `'${f}'`).join(", ");
    await conn.run(`INSERT INTO ${TARGET} ${INSERT_SELECT} FROM read_json([${files}], format = 'array', columns = ${COLUMNS})`);
    await Promise.all(pending.map((f) => rm(f)));
    pending = [];
  };
  for (;;) {
    const url = `${sim.url}/v4/gateway/runs/getByBatchId?limit=1000${cursor ? `&batchId=${cursor}` : ""}`;
    const response = await request(url, { headers: { "X-Domino-Api-Key": sim.adminKey } });
    if (response.statusCode !== 200) throw new Error(`simulator answered ${response.statusCode}`);
    const page = framePage(Buffer.from(await response.body.arrayBuffer()));
    if (page.empty) break;
    const spooled = path.join(spool, `${pages++}.json`);
    await writeFile(spooled, page.runs);
    pending.push(spooled);
    if (pending.length >= 100) await flush();
    if (!page.nextBatchId || page.nextBatchId === cursor) break;
    cursor = page.nextBatchId;
  }
  await flush();
  await conn.run("UPDATE sync_state SET data_version = 1, last_success_at = now() WHERE id = 1");
  await conn.run("CHECKPOINT");
  conn.closeSync();
  store.close();
  await rm(spool, { recursive: true, force: true });
  await writeFile(path.join(dir, "complete"), "");
  return dir;
}
