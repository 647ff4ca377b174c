import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../csv-format/rfc4180";
import { fetchPage } from "./client";
import { cutoffAfter, exportRuns } from "./export";
import { runExportCommand } from "./export-command";
import { RUN_FIELDS } from "./run";
import { simulatedBatchId, simulatedRun, startSimulator, totalVisibleRuns, type RunningSimulator } from "./simulator";

/** The export command end to end against the gateway simulator over real HTTP. */

const KEY = "export-admin-key";
const ANCHOR = Date.UTC(2025, 0, 1);
const RUNS = 12_000;
const UNTIL = "2021-06-30";
const FAST = { attempts: 8, baseDelayMs: 1, maxDelayMs: 5 };

let sim: RunningSimulator;
let dir: string;
let expected: string[];

beforeAll(async () => {
  sim = await startSimulator({
    runs: RUNS,
    seed: 11,
    port: 0,
    anchorMs: ANCHOR,
    now: () => ANCHOR,
    adminKeys: [KEY],
    nonAdminKeys: ["viewer-key"],
  });
  dir = await mkdtemp(path.join(tmpdir(), "runledger-export-sim-"));
  // What the export must hold, computed from the simulator's model rather than read over HTTP.
  const cutoff = cutoffAfter(UNTIL)!;
  expected = [];
  for (let i = 0; i < totalVisibleRuns(sim.spec, ANCHOR); i++) {
    const run = simulatedRun(i, sim.spec, ANCHOR)!;
    if ((run.startTime ?? run.queuedTime) < cutoff) expected.push(run.runId);
  }
});

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function io(env: Record<string, string | undefined> = {}) {
  const err: Buffer[] = [];
  const stderr = new PassThrough();
  stderr.on("data", (c: Buffer) => err.push(c));
  return { io: { env, stdout: new PassThrough().resume(), stderr, retry: FAST }, err: () => Buffer.concat(err).toString() };
}

async function exportTo(file: string, extra: string[] = []): Promise<{ code: number; rows: string[][]; err: string }> {
  const t = io({ DOMINO_USER_API_KEY: KEY });
  const code = await runExportCommand(["--host", sim.url, "--until", UNTIL, "--out", file, ...extra], t.io);
  const text = code === 0 ? await readFile(file, "utf8") : "";
  return { code, rows: parseCsv(text), err: t.err() };
}

describe("npm run export against the simulator", () => {
  test("writes the header and every run up to --until exactly once", async () => {
    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.length).toBeLessThan(RUNS);
    const { code, rows, err } = await exportTo(path.join(dir, "runs.csv"), ["--limit", "700"]);
    expect(err).toMatch(new RegExp(`${expected.length.toLocaleString("en-US")} runs from \\d+ pages`));
    expect(code).toBe(0);
    const [header, ...body] = rows;
    expect(header).toEqual([...RUN_FIELDS]);
    const ids = body.map((r) => r[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
  });

  test("every row equals the simulator's own CSV row for that run", async () => {
    const { rows } = await exportTo(path.join(dir, "same.csv"));
    const conn = { baseUrl: sim.url, auth: { kind: "api-key" as const, secret: KEY }, limit: 10_000, timeoutMs: 10_000 };
    const upstream = new Map<string, string[]>();
    for (let start = 0; start < expected.length + 2000; start += 10_000) {
      const csv = await fetchPage(conn, simulatedBatchId(start, sim.spec), { accept: "csv" });
      const [head, ...lines] = parseCsv(csv.toString("utf8"));
      expect(head).toEqual([...RUN_FIELDS]);
      for (const line of lines) upstream.set(line[1]!, line);
    }
    const body = rows.slice(1);
    expect(body.length).toBe(expected.length);
    const differing = body.filter((row) => JSON.stringify(row) !== JSON.stringify(upstream.get(row[1]!)));
    expect(differing).toEqual([]);
  });

  test("rides out 429/502/503/504 and cut-short bodies with the same result", async () => {
    sim.setFaults({ failureRate: 0.2, failureStatuses: [429, 502, 503, 504], truncateRate: 0.15, retryAfterSec: 0 });
    try {
      const { code, rows } = await exportTo(path.join(dir, "faulty.csv"), ["--limit", "500"]);
      expect(code).toBe(0);
      expect(rows.slice(1).map((r) => r[1])).toEqual(expected);
      // And the faults were really there: the same read, counting the retries.
      const retries: string[] = [];
      const output = new PassThrough().resume();
      const conn = { baseUrl: sim.url, auth: { kind: "api-key" as const, secret: KEY }, limit: 500, timeoutMs: 10_000 };
      const summary = await exportRuns({ conn, until: UNTIL, fromBatch: null, format: "csv", output, retry: FAST, onRetry: (i) => retries.push(i.reason) });
      expect(summary.runs).toBe(expected.length);
      expect(retries.some((r) => /HTTP (429|502|503|504)/.test(r))).toBe(true);
      expect(retries.some((r) => !/HTTP/.test(r))).toBe(true);
    } finally {
      sim.setFaults({});
    }
  });

  test("JSON lines hold the same runs", async () => {
    const file = path.join(dir, "runs.jsonl");
    const t = io({ DOMINO_USER_API_KEY: KEY });
    expect(await runExportCommand(["--host", sim.url, "--until", UNTIL, "--format", "jsonl", "--out", file], t.io)).toBe(0);
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { runId: string }).runId)).toEqual(expected);
  });

  test("a non-admin key is rejected with a clear message", async () => {
    const t = io();
    const code = await runExportCommand(["--host", sim.url, "--key", "viewer-key", "--out", path.join(dir, "no.csv")], t.io);
    expect(code).toBe(1);
    expect(t.err()).toMatch(/the Domino key was rejected by .* \(HTTP 403, not an admin's key: Only administrators/);
    expect(await readdir(dir)).not.toContain("no.csv");
  });

  test("the script itself exits 1 with one line naming the problem on a bad key", async () => {
    const run = promisify(execFile);
    const root = path.resolve(__dirname, "../..");
    const failure = await run(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/export.ts", "--host", sim.url, "--until", UNTIL],
      { cwd: root, env: { ...process.env, DOMINO_USER_API_KEY: "not-the-key-9f8e", DOMINO_API_HOST: "" } },
    ).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stdout).toBe("");
    expect(failure!.stderr).toMatch(/^export: the Domino key was rejected by 127\.0\.0\.1:\d+ \(HTTP 401/);
    expect(failure!.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure!.stderr).not.toContain("not-the-key-9f8e");
  });
});
