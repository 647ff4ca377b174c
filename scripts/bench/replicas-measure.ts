import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { answer, type AnswerOptions } from "../../lib/analytics/answer";
import { noFilters, type Filters } from "../../lib/contract/filters";
import { getOverview, overviewParams } from "../../lib/analytics/overview";
import { refreshRollups } from "../../lib/analytics/rollups";
import { localDate } from "../../lib/analytics/time-zone";
import { addDays } from "../../lib/contract/days";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { copyFileIn, copyOutToFile, createPgPool, migratePg } from "../../lib/store/postgres/connection";
import { SHARED_RUN_COLUMNS } from "../../lib/store/postgres/schema";
import { startTempCluster } from "../../lib/store/postgres/temp-cluster";
import { duckCsvColumns } from "../../lib/replica/csv-columns";
import { benchStoreDir } from "./csv-store";
import { spawnSimulator } from "./simulator-process";

/**
 * The measurements behind docs/replicas.md, taken once before choosing the design (run with
 * `BENCH_RUNS=… npx tsx --conditions=react-server scripts/bench/replicas-measure.ts`):
 * (a) COPY of every run into PostgreSQL; (b) the overview's queries on PostgreSQL (rollups for
 * all time, the runs for 90 days) beside DuckDB's; (c) a local DuckDB copy following
 * PostgreSQL: all runs, then 1,000 changed ones.
 */

const runs = Number(process.env.BENCH_RUNS ?? 1_000_000);
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const cols = SHARED_RUN_COLUMNS.join(", ");

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  log(`${label}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU of this process, load ${os.loadavg()[0]!.toFixed(1)}`);
  return result;
}

async function p50(label: string, times: number, fn: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  await fn(); // warm
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  log(`${label}: p50 ${samples[Math.floor(samples.length / 2)]!.toFixed(1)} ms (min ${samples[0]!.toFixed(1)}, max ${samples[samples.length - 1]!.toFixed(1)}, ${times} samples)`);
}

async function main(): Promise<void> {
  const sim = await spawnSimulator({ runs, log });
  const storeDir = await timed("DuckDB store built by the app's own backfill (only the first time)", () => benchStoreDir(sim, runs, log));
  await sim.stop();
  const cluster = await startTempCluster({ durable: true });
  const work = mkdtempSync(path.join(os.tmpdir(), "runledger-replicas-measure-"));
  const pool = createPgPool(cluster.url, 6);
  const stopAll = setTimeout(() => { console.error("timed out"); cluster.stop(); process.exit(1); }, 20 * 60_000);
  try {
    await migratePg(pool);
    const store = await openStore(path.join(storeDir, STORE_FILE_NAME));
    const conn = await store.connect();
    await conn.run("SET TimeZone = 'UTC'");
    const csv = path.join(work, "runs.csv");

    // (a) every run into PostgreSQL.
    await timed("(a) DuckDB COPY runs TO csv", () => conn.run(`COPY (SELECT ${cols}, 1 AS row_version FROM runs) TO '${csv}' (FORMAT csv, HEADER false)`));
    log(`    csv ${(statSync(csv).size / 1e6).toFixed(0)} MB`);
    const client = await pool.connect();
    await client.query("SET TimeZone = 'UTC'");
    const copied = await timed("(a) PostgreSQL COPY runs FROM STDIN (primary key + row_version index)", () =>
      copyFileIn(client, `COPY runs (${cols}, row_version) FROM STDIN (FORMAT csv)`, csv),
    );
    log(`    ${copied} rows`);
    await client.query("UPDATE sync_state SET data_version = 1");
    await timed("(a) PostgreSQL ANALYZE runs", () => client.query("ANALYZE runs"));

    // (b) the overview on DuckDB, then on PostgreSQL.
    await refreshRollups(store, "UTC", { force: true });
    const options: AnswerOptions = { store, timeZone: "UTC", noCache: true };
    const last = (await answer("p", "", async ({ conn: c }) => {
      const r = (await c.runAndReadAll("SELECT max(started_at)::DATE::VARCHAR AS d FROM runs")).getRowObjectsJS()[0]!;
      return { d: String(r.d) };
    }, options)).d;
    const all = noFilters();
    const tier = String((await client.query("SELECT hardware_tier FROM runs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).rows[0].hardware_tier);
    const last90: Filters = { ...all, from: addDays(last, -89), to: last, tier: [tier] };
    const params = overviewParams.parse({ interval: "day", stackBy: "hardwareTier", limit: 6 });
    await p50("(b) DuckDB overview, all time (rollups)", 7, () => getOverview(all, params, options));
    await p50(`(b) DuckDB overview, 90 days, tier=${tier}`, 7, () => getOverview(last90, params, options));

    const rollupsCsv = path.join(work, "rollups.csv");
    await conn.run(`COPY rollups TO '${rollupsCsv}' (FORMAT csv, HEADER false)`);
    await client.query(`CREATE TABLE rollups (dim text, grain text, local_day date, key text, currency text, wasted boolean,
      runs bigint, hours numeric(38, 9), cost numeric(38, 6), last_at timestamptz, last_price numeric(18, 8))`);
    await copyFileIn(client, "COPY rollups FROM STDIN (FORMAT csv)", rollupsCsv);
    await client.query("CREATE INDEX rollups_dim ON rollups (dim, grain, local_day)");
    await client.query("CREATE INDEX runs_started_at ON runs (started_at)");
    await client.query("ANALYZE");
    client.release();

    // The overview's five parts, as PostgreSQL SQL, two at a time (the server's two connections).
    const pgOverviewAll = [
      `SELECT currency, sum(runs) AS runs, sum(hours) AS hours, sum(cost) AS cost, sum(cost) FILTER (WHERE wasted) AS wasted
         FROM rollups WHERE dim = 'status' AND grain = 'year' GROUP BY currency`,
      `SELECT local_day, key, currency, sum(cost) FROM rollups WHERE dim = 'hardwareTier' AND grain = 'day' GROUP BY 1, 2, 3 ORDER BY 1`,
      ...["hardwareTier", "project", "user"].map(
        (dim) => `SELECT key, currency, sum(runs), sum(hours), sum(cost), max(last_at) FROM rollups
                   WHERE dim = '${dim}' AND grain = 'year' GROUP BY 1, 2 ORDER BY 5 DESC LIMIT 6`,
      ),
    ];
    const from = `'${addDays(last, -89)}T00:00:00Z'`;
    const to = `'${addDays(last, 1)}T00:00:00Z'`;
    const where = `started_at >= ${from} AND started_at < ${to} AND hardware_tier = '${tier.replaceAll("'", "''")}'`;
    const pgOverview90 = [
      `SELECT total_cost_currency, count(*), sum(compute_hours_exact), sum(total_cost_amount), sum(total_cost_amount) FILTER (WHERE wasted)
         FROM runs WHERE ${where} GROUP BY 1`,
      `SELECT date_trunc('day', started_at AT TIME ZONE 'UTC') AS d, hardware_tier, total_cost_currency, sum(total_cost_amount)
         FROM runs WHERE ${where} GROUP BY 1, 2, 3 ORDER BY 1`,
      ...["hardware_tier", "project_key", "user_name"].map(
        (c) => `SELECT ${c}, total_cost_currency, count(*), sum(compute_hours_exact), sum(total_cost_amount), max(started_at)
                  FROM runs WHERE ${where} GROUP BY 1, 2 ORDER BY 5 DESC LIMIT 6`,
      ),
    ];
    const twoAtATime = async (queries: string[]) => {
      const queue = [...queries];
      await Promise.all([0, 1].map(async () => {
        for (let q = queue.shift(); q; q = queue.shift()) await pool.query(q);
      }));
    };
    await p50("(b) PostgreSQL overview, all time (rollups)", 7, () => twoAtATime(pgOverviewAll));
    await p50(`(b) PostgreSQL overview, 90 days, tier=${tier} (runs, index on started_at)`, 7, () => twoAtATime(pgOverview90));

    // (c) a replica's local DuckDB following PostgreSQL.
    const followerDir = mkdtempSync(path.join(work, "follower-"));
    const follower = await openStore(path.join(followerDir, STORE_FILE_NAME));
    const fconn = await follower.connect();
    const out = path.join(work, "catch-up.csv");
    const reader = await pool.connect();
    await reader.query("SET TimeZone = 'UTC'");
    await timed("(c) catch-up of every run: PostgreSQL COPY TO STDOUT → file", () =>
      copyOutToFile(reader, `COPY (SELECT ${cols} FROM runs) TO STDOUT (FORMAT csv)`, out),
    );
    await timed("(c) catch-up of every run: DuckDB INSERT … FROM read_csv", () =>
      fconn.run(`INSERT INTO runs (${cols}) SELECT * FROM read_csv('${out}', header = false, columns = ${duckCsvColumns()})`),
    );
    const counted = (await fconn.runAndReadAll("SELECT count(*) AS n, sum(total_cost_amount)::VARCHAR AS cost FROM runs")).getRowObjectsJS()[0]!;
    const expected = (await reader.query("SELECT count(*) AS n, sum(total_cost_amount)::text AS cost FROM runs")).rows[0];
    log(`    follower ${counted.n} runs, cost ${counted.cost}; PostgreSQL ${expected.n} runs, cost ${expected.cost}`);
    await timed("(c) 1,000 changed runs: PostgreSQL UPDATE (the publish side, for scale)", () =>
      reader.query(`UPDATE runs SET row_version = 2, title = title || ' ' WHERE run_id IN (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1000)`),
    );
    const small = path.join(work, "increment.csv");
    await timed("(c) incremental catch-up of 1,000 runs (COPY out by row_version, DuckDB delete + insert)", async () => {
      await copyOutToFile(reader, `COPY (SELECT ${cols} FROM runs WHERE row_version > 1) TO STDOUT (FORMAT csv)`, small);
      await fconn.run("BEGIN TRANSACTION");
      await fconn.run(`CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM read_csv('${small}', header = false, columns = ${duckCsvColumns()})`);
      await fconn.run("DELETE FROM runs WHERE run_id IN (SELECT run_id FROM incoming)");
      await fconn.run(`INSERT INTO runs (${cols}) SELECT * FROM incoming`);
      await fconn.run("COMMIT");
    });
    await timed("(c) a version check (SELECT data_version), for scale", () => reader.query("SELECT data_version FROM sync_state WHERE id = 1"));
    reader.release();
    fconn.closeSync();
    follower.close();
    conn.closeSync();
    store.close();
  } finally {
    clearTimeout(stopAll);
    // pool.end() waits for every client to be released; a failed step may have left one out.
    void pool.end();
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
