import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterEach, describe, expect, test } from "vitest";
import { parseCsv } from "../csv-format/rfc4180";
import type { GatewayConnection } from "./connection";
import { cutoffAfter, exportRuns, type ExportOptions } from "./export";
import { runExportCommand } from "./export-command";
import { RUN_FIELDS } from "./run";
import { gatewayRun, sendJson, startScriptedGateway, type ScriptedGateway } from "./scripted-gateway";

const KEY = "export-test-key-42";
const FAST = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };

let gateway: ScriptedGateway | undefined;
let dir: string | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A run queued on `day` (UTC) at `hour`, started `startDelayH` hours later (null: not started). */
function runOn(n: number, day: string, hour: number, startDelayH: number | null = 0) {
  const queued = Date.parse(`${day}T00:00:00.000Z`) + hour * 3_600_000 + n;
  return gatewayRun(n, {
    batchId: String(queued),
    queuedTime: new Date(queued).toISOString(),
    startTime: startDelayH === null ? null : new Date(queued + startDelayH * 3_600_000).toISOString(),
    endTime: null,
  });
}

/** Serves `runs` (sorted by batchId) in pages of the requested limit, each page starting at the cursor. */
async function serveRuns(runs: Record<string, unknown>[], limit: number): Promise<GatewayConnection> {
  gateway = await startScriptedGateway((req, _i, res) => {
    if (req.headers["x-domino-api-key"] !== KEY) return sendJson(res, 401, { message: "Unauthorized" });
    const cursor = req.url.searchParams.get("batchId");
    const start = cursor === null ? 0 : runs.findIndex((r) => Number(r.batchId) >= Number(cursor));
    const from = start < 0 ? runs.length : start;
    const size = Number(req.url.searchParams.get("limit") ?? limit);
    const page = runs.slice(from, from + size);
    const next = runs[from + size];
    sendJson(res, 200, { runs: page, nextBatchId: next ? next.batchId : null });
  });
  return { baseUrl: gateway.url, auth: { kind: "api-key", secret: KEY }, limit, timeoutMs: 2_000 };
}

function collect(): { output: PassThrough; text: () => string } {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (c: Buffer) => chunks.push(c));
  return { output, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function exportText(options: Omit<ExportOptions, "output">) {
  const sink = collect();
  const summary = await exportRuns({ retry: FAST, ...options, output: sink.output });
  return { summary, text: sink.text() };
}

test.each([
  ["2024-12-31", "2025-01-01T00:00:00.000Z"],
  ["2024-02-29", "2024-03-01T00:00:00.000Z"],
  ["2023-02-29", null],
  ["2024-1-5", null],
  ["31/12/2024", null],
])("cutoffAfter(%s) = %s", (day, expected) => {
  expect(cutoffAfter(day)).toBe(expected);
});

describe("exportRuns", () => {
  const runs = [
    runOn(1, "2024-12-30", 10),
    runOn(2, "2024-12-31", 23, null), // queued on the last day, not started: counts by queue time
    runOn(3, "2024-12-31", 22, 3), // queued on the last day, started the next: out
    runOn(4, "2025-01-01", 1),
    runOn(5, "2025-01-02", 1),
    runOn(6, "2025-01-03", 1),
    runOn(7, "2025-01-04", 1),
    runOn(8, "2025-01-05", 1),
  ].sort((a, b) => Number(a.batchId) - Number(b.batchId));

  test("writes the header and every run up to --until once, judged by start time else queue time", async () => {
    const conn = await serveRuns(runs, 3);
    const { summary, text } = await exportText({ conn, until: "2024-12-31", fromBatch: null, format: "csv" });
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...RUN_FIELDS]);
    expect(rows.map((r) => r[1])).toEqual(["run-1", "run-2"]);
    expect(rows.every((r) => r.length === RUN_FIELDS.length)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(summary.runs).toBe(2);
    // Pages: [1,3,2], [4,5,6] all queued after the cutoff: stop there, never ask for [7,8].
    expect(gateway!.requests.length).toBeLessThanOrEqual(3);
    expect(summary.pages).toBe(2);
  });

  test("without --until it writes everything, and --from-batch starts there", async () => {
    const conn = await serveRuns(runs, 3);
    const all = await exportText({ conn, until: null, fromBatch: null, format: "csv" });
    expect(parseCsv(all.text)).toHaveLength(1 + runs.length);
    const from = await exportText({ conn, until: null, fromBatch: String(runs[5]!.batchId), format: "csv" });
    expect(parseCsv(from.text).slice(1).map((r) => r[1])).toEqual(runs.slice(5).map((r) => r.runId));
  });

  test("CSV fields with commas, quotes, line breaks and formulas survive a round trip unchanged", async () => {
    const odd = [
      gatewayRun(1, { title: 'Retrain "churn", v2', command: "python a.py\n--dry-run" }),
      gatewayRun(2, { title: "=HYPERLINK(\"http://x\")", command: "数据分析 任务\r\nx" }),
    ];
    const conn = await serveRuns(odd, 10);
    const { text } = await exportText({ conn, until: null, fromBatch: null, format: "csv" });
    const rows = parseCsv(text).slice(1);
    expect(rows.map((r) => [r[2], r[3]])).toEqual(odd.map((r) => [r.title, r.command]));
    expect(rows[0]![RUN_FIELDS.indexOf("totalCostAmount")]).toBe("0.132");
    expect(rows[0]![RUN_FIELDS.indexOf("endTime")]).toBe(String(odd[0]!.endTime));
  });

  test("JSON lines: one normalised run per line, cluster details included", async () => {
    const conn = await serveRuns([gatewayRun(1, { totalCostAmount: "2.5" }), gatewayRun(2)], 10);
    const { text } = await exportText({ conn, until: null, fromBatch: null, format: "jsonl" });
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.runId)).toEqual(["run-1", "run-2"]);
    expect(lines[0]!.totalCostAmount).toBe(2.5);
    expect(lines[0]).toHaveProperty("computeClusterDetails", null);
  });

  test("waits for a slow output: never more than one page read ahead of what was written", async () => {
    const many = Array.from({ length: 40 }, (_, i) => gatewayRun(i + 1));
    const conn = await serveRuns(many, 4);
    let written = 0;
    let worstLead = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(_chunk: Buffer, _enc, done) {
        written++;
        worstLead = Math.max(worstLead, gateway!.requests.length - written);
        setTimeout(done, 15);
      },
    });
    await exportRuns({ conn, until: null, fromBatch: null, format: "csv", output: slow, retry: FAST });
    expect(written).toBe(10);
    expect(worstLead).toBeLessThanOrEqual(2);
  });
});

describe("runExportCommand", () => {
  function io(env: Record<string, string | undefined> = {}) {
    const out = collect();
    const err = collect();
    return { io: { env, stdout: out.output, stderr: err.output, retry: FAST }, out, err };
  }

  test("--out writes the file whole and reports the count", async () => {
    const conn = await serveRuns([gatewayRun(1), gatewayRun(2)], 10);
    dir = await mkdtemp(path.join(tmpdir(), "runledger-export-"));
    const file = path.join(dir, "runs.csv");
    const t = io({ DOMINO_USER_API_KEY: KEY });
    const code = await runExportCommand(["--host", conn.baseUrl, "--out", file, "--limit", "1"], t.io);
    expect(t.err.text()).toMatch(/2 runs from 2 pages written to .*runs\.csv/);
    expect(code).toBe(0);
    expect(parseCsv(await readFile(file, "utf8"))).toHaveLength(3);
    expect(await readdir(dir)).toEqual(["runs.csv"]);
  });

  test("a rejected key: one clear line, exit 1, no file left, the key nowhere", async () => {
    const conn = await serveRuns([gatewayRun(1)], 10);
    dir = await mkdtemp(path.join(tmpdir(), "runledger-export-"));
    const t = io();
    const code = await runExportCommand(["--host", conn.baseUrl, "--key", "wrong-key-123", "--out", path.join(dir, "x.csv")], t.io);
    expect(code).toBe(1);
    expect(t.err.text()).toMatch(/^export: the Domino key was rejected by 127\.0\.0\.1:\d+ \(HTTP 401/);
    expect(t.err.text()).not.toContain("wrong-key-123");
    expect(await readdir(dir)).toEqual([]);
    expect(gateway!.requests).toHaveLength(1);
  });

  test("an unreachable host: one clear line, exit 1", async () => {
    const closed = await startScriptedGateway(() => {});
    await closed.close();
    const t = io({ DOMINO_USER_API_KEY: KEY });
    const code = await runExportCommand(["--host", closed.url], t.io);
    expect(code).toBe(1);
    expect(t.err.text()).toMatch(/could not reach the gateway at 127\.0\.0\.1:\d+ after 2 tries: connection refused/);
  });

  test.each([
    [["--until", "2024-13-01"], /--until must be a date as YYYY-MM-DD/],
    [["--format", "xlsx"], /--format must be csv or jsonl/],
    [["--limit", "0"], /--limit/],
    [["--bogus"], /Unknown option '--bogus'/],
    [[], /no Domino host/],
  ])("usage error %j exits 2 with the reason", async (argv, message) => {
    const t = io({ DOMINO_USER_API_KEY: KEY, ...(argv.length ? { DOMINO_API_HOST: "http://127.0.0.1:9" } : {}) });
    expect(await runExportCommand(argv, t.io)).toBe(2);
    expect(t.err.text()).toMatch(message);
  });

  test("a host without a key is a usage error", async () => {
    const t = io({ DOMINO_API_HOST: "https://domino.example.com" });
    expect(await runExportCommand([], t.io)).toBe(2);
    expect(t.err.text()).toMatch(/DOMINO_USER_API_KEY/);
  });
});
