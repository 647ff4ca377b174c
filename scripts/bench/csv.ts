import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { request } from "undici";
import { STORE_FILE_NAME } from "@/lib/store/db";
import { benchStoreDir } from "./csv-store";
import type { Bench, BenchContext, BenchRow } from "./harness";
import { tsNodeArgs } from "./simulator-process";

/**
 * Every simulated run as CSV over HTTP: GET /api/runs.csv (the route handler behind a
 * node:http server in its own process, csv-server-process.ts, over a store holding the
 * bench simulator's runs), side by side with the design before (one connection writing
 * 100k-row windows, BENCH_CSV_VARIANT to compare another) and with producing the same file
 * the way Domino's export article does (paging the simulator, Python's csv.writer).
 */

const ROOT = path.resolve(__dirname, "../..");
const TRIES = 3;

export interface Download {
  wallS: number;
  /** The server process's CPU time during the download. */
  cpuS: number;
  ttfbMs: number;
  bytes: number;
  rows: number;
}

/** The CSV route behind node:http in a process of its own (csv-server-process.ts) over `dataDir`'s store. */
export async function startServer(dataDir: string, tmpDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, tsNodeArgs("scripts/bench/csv-server-process.ts"), {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, TMPDIR: tmpDir, RUNLEDGER_TIMEZONE: "Europe/Berlin", DOMINO_API_HOST: "", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      const match = /^listening on (\S+)/.exec(line);
      if (match) resolve(match[1]!);
      else reject(new Error(`unexpected first line from the CSV server: ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`the CSV server exited ${code}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

interface Stats {
  rss: number;
  peak: number;
  cpuS: number;
  tempEntries: number;
}

export async function stats(url: string): Promise<Stats> {
  const response = await request(`${url}/__stats`);
  return (await response.body.json()) as Stats;
}

// The route, and the same export with one connection writing the windows (the design before).
const ROUTE = "/api/runs.csv";
const ONE_WRITER = process.env.BENCH_CSV_VARIANT ?? "/__variant.csv?writers=1&windowRows=100000";

/** One download, with the server's CPU time and peak RSS over it (from __stats around it). */
export async function download(url: string, route = ROUTE): Promise<Download & { peak: number }> {
  const cpuBefore = (await stats(url)).cpuS;
  const started = performance.now();
  const response = await request(`${url}${route}`);
  if (response.statusCode !== 200) throw new Error(`GET ${route} answered ${response.statusCode}`);
  let ttfb = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    if (ttfb === 0) ttfb = performance.now() - started;
    bytes += (chunk as Buffer).length;
  }
  const wallS = (performance.now() - started) / 1000;
  const after = await stats(url);
  return { wallS, cpuS: after.cpuS - cpuBefore, peak: after.peak, ttfbMs: ttfb, bytes, rows: Number(response.headers["x-runledger-row-count"]) };
}

/** Reads the first bytes, then hangs up: how long until the server's temp files are gone. */
async function disconnect(url: string): Promise<{ stoppedMs: number; tempEntries: number }> {
  const controller = new AbortController();
  const response = await request(`${url}/api/runs.csv`, { signal: controller.signal });
  for await (const _chunk of response.body) break;
  const hungUp = performance.now();
  controller.abort();
  for (;;) {
    const { tempEntries } = await stats(url);
    if (tempEntries === 0 || performance.now() - hungUp > 10_000) return { stoppedMs: performance.now() - hungUp, tempEntries };
    await new Promise((r) => setTimeout(r, 20));
  }
}

function python(sim: { url: string; adminKey: string }, out: string): Promise<{ wallS: number; runs: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [path.join(ROOT, "scripts/bench/article-loop.py"), sim.url, sim.adminKey, out], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`article-loop.py exited ${code}: ${err.trim().slice(-300)}`));
      try {
        resolve(JSON.parse(err.trim().split("\n").at(-1)!));
      } catch {
        reject(new Error(`no result line from article-loop.py`));
      }
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)} / ${median(values).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`;

export const csvBench: Bench = {
  name: "csv",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const dataDir = await benchStoreDir(sim, context.runs, context.log);
    const tmpDir = await mkdtemp(path.join(os.tmpdir(), "runledger-bench-csv-tmp-"));
    const bench = `${context.runs.toLocaleString("en-US")} runs to CSV over HTTP`;
    // The design before runs in a server of its own over a copy of the store, so each
    // process's RSS figure is its own, while the downloads alternate and see the same load.
    const beforeDir = await mkdtemp(path.join(os.tmpdir(), "runledger-bench-csv-before-"));
    for (const file of [STORE_FILE_NAME, `${STORE_FILE_NAME}.wal`]) {
      if (existsSync(path.join(dataDir, file))) await copyFile(path.join(dataDir, file), path.join(beforeDir, file));
    }
    const beforeTmp = path.join(beforeDir, "tmp");
    await mkdir(beforeTmp);
    const { url, child } = await startServer(dataDir, tmpDir);
    const beforeServer = await startServer(beforeDir, beforeTmp).catch(async (error: unknown) => {
      child.kill("SIGTERM");
      throw error;
    });
    try {
      // Opens the store and warms DuckDB's caches, as a running dashboard's would be.
      await download(url);
      await download(beforeServer.url, ONE_WRITER);
      const baseline = await stats(url);
      const beforeBaseline = await stats(beforeServer.url);
      const runs: Download[] = [];
      const growth: number[] = [];
      const before: Download[] = [];
      const beforeGrowth: number[] = [];
      for (let i = 0; i < TRIES; i++) {
        context.log(`${bench}: GET /api/runs.csv, try ${i + 1} of ${TRIES}`);
        const current = await download(url);
        runs.push(current);
        growth.push((current.peak - baseline.rss) / 2 ** 20);
        context.log(`${bench}: one connection writing, try ${i + 1} of ${TRIES}`);
        const previous = await download(beforeServer.url, ONE_WRITER);
        before.push(previous);
        beforeGrowth.push((previous.peak - beforeBaseline.rss) / 2 ** 20);
      }
      beforeServer.child.kill("SIGTERM");
      context.log(`${bench}: hanging up after the first bytes`);
      const cut = await disconnect(url);
      context.log(`${bench}: the article's Python loop`);
      const pyOut = path.join(tmpDir, "article.csv");
      const py = await python(sim, pyOut);
      const pyBytes = (await stat(pyOut)).size;

      const wall = runs.map((r) => r.wallS);
      const ttfb = runs.map((r) => r.ttfbMs);
      const complete = runs.every((r) => r.rows >= context.runs && r.rows === runs[0]!.rows);
      const met = complete && median(wall) <= 5 && median(ttfb) < 300 && Math.max(...growth) < 100;
      return [
        {
          bench,
          variant: "GET /api/runs.csv (DuckDB COPY in ordered windows, two connections writing, streamed)",
          figures: {
            "wall s (min/med/max)": range(wall, 2),
            "server CPU s (med)": median(runs.map((r) => r.cpuS)).toFixed(2),
            "TTFB ms": range(ttfb, 0),
            "RSS growth MB (max)": Math.max(...growth).toFixed(0),
            MB: (runs[0]!.bytes / 1e6).toFixed(0),
            rows: runs[0]!.rows.toLocaleString("en-US"),
            "vs Python": `${(py.wallS / median(wall)).toFixed(1)}×`,
          },
          target: "≤ 5 s, TTFB < 300 ms, RSS growth < 100 MB, every row",
          met,
        },
        {
          bench,
          variant: "same, one connection writing 100k-row windows (before)",
          figures: {
            "wall s (min/med/max)": range(before.map((r) => r.wallS), 2),
            "server CPU s (med)": median(before.map((r) => r.cpuS)).toFixed(2),
            "TTFB ms": range(before.map((r) => r.ttfbMs), 0),
            "RSS growth MB (max)": Math.max(...beforeGrowth).toFixed(0),
            rows: before[0]!.rows.toLocaleString("en-US"),
          },
        },
        {
          bench,
          variant: "client hangs up after the first bytes",
          figures: { "temp files left": String(cut.tempEntries), "cleaned up in ms": cut.stoppedMs.toFixed(0) },
          target: "work stops, temp files deleted",
          met: cut.tempEntries === 0,
        },
        {
          bench,
          variant: "article's Python loop (pages the simulator, csv.writer)",
          figures: { "wall s": py.wallS.toFixed(1), "peak RSS MB": py.maxRssMb.toFixed(0), MB: (pyBytes / 1e6).toFixed(0), rows: py.runs.toLocaleString("en-US") },
        },
      ];
    } finally {
      child.kill("SIGTERM");
      beforeServer.child.kill("SIGTERM");
      await rm(tmpDir, { recursive: true, force: true });
      await rm(beforeDir, { recursive: true, force: true });
    }
  },
};
