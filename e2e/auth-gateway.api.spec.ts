import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";
import { RUN_FIELDS } from "../lib/gateway/run";
import { API_TOKEN, AUTH_BASE_URL } from "./auth-env";
import { adminRequest, anonymousRequest, waitForAuthSync } from "./auth-helpers";

// GET /v4/gateway/runs/getByBatchId on Runledger itself: Domino's contract, a Runledger token, no Domino key.
test.describe.configure({ mode: "serial" });

const ENDPOINT = "/v4/gateway/runs/getByBatchId";
let totalRuns = 0;

test.beforeAll(async () => {
  const admin = await adminRequest();
  await waitForAuthSync(admin);
  totalRuns = (await (await admin.get("/api/totals")).json()).current.runs;
  expect(totalRuns).toBeGreaterThan(1000);
});

test("GET /v4/gateway/runs/getByBatchId – pages through every run in batchId order with a Runledger token", async () => {
  const script = await anonymousRequest({ "x-domino-api-key": API_TOKEN });
  const seen = new Set<string>();
  let batchId: string | null = null;
  let previous = -1n;
  let pages = 0;
  do {
    const params: Record<string, string | number> = batchId ? { limit: 700, batchId } : { limit: 700 };
    const response = await script.get(ENDPOINT, { params });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { runs: { batchId: string; runId: string }[]; nextBatchId: string | null };
    expect(Object.keys(body).sort()).toEqual(["nextBatchId", "runs"]);
    for (const run of body.runs) {
      expect(Object.keys(run)).toEqual([...RUN_FIELDS, "computeClusterDetails"]);
      expect(BigInt(run.batchId)).toBeGreaterThan(previous);
      previous = BigInt(run.batchId);
      seen.add(run.runId);
    }
    // The cursor is the first run of the next page: asking for it starts there (inclusive).
    if (body.nextBatchId) expect(BigInt(body.nextBatchId)).toBeGreaterThan(previous);
    batchId = body.nextBatchId;
    pages += 1;
  } while (batchId);
  expect(seen.size).toBe(totalRuns);
  expect(pages).toBe(Math.ceil(totalRuns / 700));
});

test("GET /v4/gateway/runs/getByBatchId – Bearer works too; CSV on Accept: text/csv; bad input is 400", async () => {
  const script = await anonymousRequest({ authorization: `Bearer ${API_TOKEN}` });
  const first = await (await script.get(ENDPOINT, { params: { limit: 3 } })).json();
  expect(first.runs).toHaveLength(3);
  const inclusive = await (await script.get(ENDPOINT, { params: { limit: 1, batchId: first.runs[1].batchId } })).json();
  expect(inclusive.runs[0].runId).toBe(first.runs[1].runId);
  expect(inclusive.nextBatchId).toBe(first.runs[2].batchId);
  const defaultLimit = await (await script.get(ENDPOINT)).json();
  expect(defaultLimit.runs).toHaveLength(1000);

  const csv = await script.get(ENDPOINT, { params: { limit: 3 }, headers: { accept: "text/csv" } });
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const records = parseCsv(await csv.text());
  expect(records[0]).toEqual([...RUN_FIELDS]);
  expect(records.slice(1).map((r) => r[1])).toEqual(first.runs.map((r: { runId: string }) => r.runId));
  expect(csv.headers()["x-next-batch-id"]).toBe(first.nextBatchId);

  const bads: Record<string, string>[] = [{ limit: "0" }, { limit: "10001" }, { limit: "ten" }, { batchId: "abc" }, { cursor: "1" }];
  for (const params of bads) {
    const bad = await script.get(ENDPOINT, { params });
    expect(bad.status(), JSON.stringify(params)).toBe(400);
    expect((await bad.json()).message).toMatch(/limit|batchId|cursor/);
  }
  const noKey = await (await anonymousRequest()).get(ENDPOINT);
  expect(noKey.status()).toBe(401);
});

test("Domino's export article script – run against Runledger with a Runledger token, gets every run", async () => {
  const out = test.info().outputPath("output.csv");
  mkdirSync(path.dirname(out), { recursive: true });
  const { stdout } = await promisify(execFile)("python3", ["e2e/fixtures/export_control_center.py", out], {
    env: { ...process.env, RUNLEDGER_URL: AUTH_BASE_URL, RUNLEDGER_TOKEN: API_TOKEN },
    timeout: 60_000,
  });
  const records = parseCsv(readFileSync(out, "utf8"));
  expect(records[0]).toEqual([...RUN_FIELDS, "computeClusterDetails"]);
  const runIds = new Set(records.slice(1).map((r) => r[1]));
  expect(records.length - 1).toBe(totalRuns);
  expect(runIds.size).toBe(totalRuns);
  expect(Number(stdout.trim())).toBe(totalRuns);
});
