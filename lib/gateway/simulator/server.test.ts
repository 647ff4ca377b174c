import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { RUN_FIELDS } from "../run";
import { GATEWAY_PATH } from "../connection";
import { simulatedBatchId, simulatedRun, startSimulator, totalVisibleRuns, type DatasetSpec, type RunningSimulator } from "./index";
import { ARTICLE_CURLS, parseCsv, runArticleCurl } from "./test-support";

const ANCHOR = Date.UTC(2026, 0, 15, 12);
const ADMIN = "admin-key-1";
const VIEWER = "viewer-key-1";
const spec: DatasetSpec = { runs: 5000, seed: 7, anchorMs: ANCHOR };

let clock = ANCHOR;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ ...spec, now: () => clock, adminKeys: [ADMIN], nonAdminKeys: [VIEWER] });
});
afterAll(() => sim.close());
afterEach(() => {
  clock = ANCHOR;
  sim.setFaults({});
});

interface Page {
  runs: Array<Record<string, unknown>>;
  nextBatchId: string | null;
}

async function get(query = "", headers: Record<string, string> = { "X-Domino-Api-Key": ADMIN }, base = sim.url) {
  return fetch(`${base}${GATEWAY_PATH}${query}`, { headers });
}

async function getPage(query = "", base = sim.url): Promise<Page> {
  const res = await get(query, { "X-Domino-Api-Key": ADMIN }, base);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe("Domino's export article, its curl commands run verbatim", () => {
  test("GET without batchId – the oldest 1000 runs, from 2018-01-01", async () => {
    const res = await runArticleCurl(ARTICLE_CURLS.oldest, { baseUrl: sim.url, apiKey: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const page = JSON.parse(res.body) as Page;
    expect(page.runs).toHaveLength(1000);
    expect(page.runs.map((r) => r.runId)).toEqual(Array.from({ length: 1000 }, (_, i) => simulatedRun(i, spec, clock)!.runId));
    expect(page.runs[0]!.queuedTime).toMatch(/^2018-01-/);
    expect(Object.keys(page.runs[0]!)).toEqual([...RUN_FIELDS, "computeClusterDetails"]);
    expect(page.nextBatchId).toBe(simulatedBatchId(1000, spec));
  });

  test("GET ?batchId=<nextBatchId> – the next batch, starting at that run", async () => {
    const first = await runArticleCurl(ARTICLE_CURLS.oldest, { baseUrl: sim.url, apiKey: ADMIN });
    const nextBatchId = (JSON.parse(first.body) as Page).nextBatchId!;
    const res = await runArticleCurl(ARTICLE_CURLS.next, { baseUrl: sim.url, apiKey: ADMIN, nextBatchId });
    expect(res.status).toBe(200);
    const page = JSON.parse(res.body) as Page;
    expect(page.runs[0]!.batchId).toBe(nextBatchId);
    expect(page.runs[0]!.runId).toBe(simulatedRun(1000, spec, clock)!.runId);
    expect(page.runs).toHaveLength(1000);
  });

  test("Accept: text/csv > your_file.csv – header row in Domino's order, RFC 4180, no cluster details", async () => {
    const res = await runArticleCurl(ARTICLE_CURLS.csv, { baseUrl: sim.url, apiKey: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.body.split("\r\n")[0]).toBe(RUN_FIELDS.join(","));
    const rows = parseCsv(res.body);
    expect(rows).toHaveLength(1001);
    for (const row of rows) expect(row).toHaveLength(RUN_FIELDS.length);
    expect(rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: 1000 }, (_, i) => simulatedRun(i, spec, clock)!.runId));
  });
});

describe("paging", () => {
  test("limit 700 through 5,000 runs – every run once, in batchId order, null nextBatchId at the end", async () => {
    const seen: string[] = [];
    const batchIds: bigint[] = [];
    let cursor: string | null = null;
    let requests = 0;
    do {
      const page: Page = await getPage(`?limit=700${cursor === null ? "" : `&batchId=${cursor}`}`);
      requests++;
      for (const run of page.runs) {
        seen.push(run.runId as string);
        batchIds.push(BigInt(run.batchId as string));
      }
      if (page.nextBatchId !== null) expect(BigInt(page.nextBatchId)).toBeGreaterThan(batchIds.at(-1)!);
      cursor = page.nextBatchId;
    } while (cursor !== null && requests < 20);
    expect(cursor).toBeNull();
    expect(requests).toBe(Math.ceil(5000 / 700));
    expect(seen).toHaveLength(5000);
    expect(new Set(seen).size).toBe(5000);
    for (let i = 1; i < batchIds.length; i++) expect(batchIds[i]! > batchIds[i - 1]!).toBe(true);
    expect(seen[4999]).toBe(simulatedRun(4999, spec)!.runId);
  });

  test("batchId is inclusive, and one between two runs starts at the later", async () => {
    const at = simulatedBatchId(42, spec);
    expect((await getPage(`?batchId=${at}&limit=2`)).runs[0]!.batchId).toBe(at);
    const between = (BigInt(at) + 1n).toString();
    expect((await getPage(`?batchId=${between}&limit=1`)).runs[0]!.batchId).toBe(simulatedBatchId(43, spec));
  });

  test("batchId past the newest run – empty runs and null nextBatchId", async () => {
    for (const id of [String(ANCHOR + 86_400_000), "99999999999999999999999"]) {
      expect(await getPage(`?batchId=${id}`)).toEqual({ runs: [], nextBatchId: null });
    }
  });

  test("batchId 0 and an empty batchId start from the oldest run", async () => {
    const oldest = simulatedRun(0, spec)!.runId;
    expect((await getPage("?batchId=0&limit=1")).runs[0]!.runId).toBe(oldest);
    expect((await getPage("?batchId=&limit=1")).runs[0]!.runId).toBe(oldest);
  });

  test("limit 10000 is accepted", async () => {
    expect((await getPage("?limit=10000")).runs).toHaveLength(5000);
  });
});

describe("CSV and JSON", () => {
  test.each([
    ["oldest", "?limit=500"],
    ["middle", `?limit=800&batchId=${simulatedBatchId(2100, spec)}`],
    ["last", `?limit=1000&batchId=${simulatedBatchId(4500, spec)}`],
  ])("the %s page holds the same runs, field for field", async (_name, query) => {
    const json = await getPage(query);
    const csvRes = await get(query, { "X-Domino-Api-Key": ADMIN, Accept: "text/csv" });
    const rows = parseCsv(await csvRes.text());
    expect(rows[0]).toEqual([...RUN_FIELDS]);
    expect(rows.length - 1).toBe(json.runs.length);
    json.runs.forEach((run, i) => {
      const row = rows[i + 1]!;
      RUN_FIELDS.forEach((field, f) => {
        const value = run[field];
        expect(row[f], field).toBe(value === null ? "" : String(value));
      });
    });
  });

  test("odd text (commas, quotes, line breaks, non-Latin, leading =) survives CSV quoting", async () => {
    const csv = parseCsv(await (await get("?limit=5000", { "X-Domino-Api-Key": ADMIN, Accept: "text/csv" })).text());
    const json = await getPage("?limit=5000");
    const odd = json.runs.filter((r) => /[",\r\n]|^[=+\-@]|[^\x00-\x7f]/.test(`${r.title}`));
    expect(odd.length).toBeGreaterThan(5);
    for (const run of odd) {
      const row = csv.find((r) => r[1] === run.runId)!;
      expect(row[2]).toBe(run.title);
    }
    expect(json.runs.some((r) => /\n/.test(`${r.title}${r.command}`))).toBe(true);
    expect(json.runs.some((r) => /"/.test(`${r.title}${r.command}${r.projectName}`))).toBe(true);
  });

  test.each([
    ["text/csv", true],
    ["text/csv, application/json", true],
    ["application/json, text/csv", false],
    ["application/json", false],
    ["*/*", false],
  ])("Accept: %s – CSV %s", async (accept, csv) => {
    const res = await get("?limit=1", { "X-Domino-Api-Key": ADMIN, Accept: accept });
    expect(res.headers.get("content-type")?.startsWith(csv ? "text/csv" : "application/json")).toBe(true);
  });
});

describe("bad requests", () => {
  test.each(["0", "-1", "1.5", "abc", "10001", "1e3", " 5", "99999999999999999999"])("limit=%s – 400 naming limit", async (limit) => {
    const res = await get(`?limit=${encodeURIComponent(limit)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await res.json()) as { message: string }).message).toMatch(/limit/);
  });

  test.each(["abc", "-5", "1.5", "15147677263e5", "0x10"])("batchId=%s – 400 naming batchId", async (batchId) => {
    const res = await get(`?batchId=${encodeURIComponent(batchId)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/batchId/);
  });

  test("another path – 404 with a message; POST – 405", async () => {
    const res = await fetch(`${sim.url}/v4/gateway/runs`, { headers: { "X-Domino-Api-Key": ADMIN } });
    expect(res.status).toBe(404);
    expect(await res.json()).toHaveProperty("message");
    const post = await fetch(`${sim.url}${GATEWAY_PATH}`, { method: "POST", headers: { "X-Domino-Api-Key": ADMIN } });
    expect(post.status).toBe(405);
  });
});

describe("auth", () => {
  test("no key – 401 with a message", async () => {
    const res = await get("", {});
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/key/i);
  });

  test("unknown key – 401, and the key is not echoed", async () => {
    const res = await get("", { "X-Domino-Api-Key": "not-a-key-xyz" });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("not-a-key-xyz");
  });

  test("known non-admin key – 403", async () => {
    expect((await get("", { "X-Domino-Api-Key": VIEWER })).status).toBe(403);
    expect((await get("", { Authorization: `Bearer ${VIEWER}` })).status).toBe(403);
  });

  test("Authorization: Bearer with the admin key – 200", async () => {
    const res = await get("?limit=3", { Authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Page).runs).toHaveLength(3);
  });

  test("auth is checked before parameters", async () => {
    expect((await get("?limit=abc", {})).status).toBe(401);
  });
});

describe("faults", () => {
  test("latency – every response waits", async () => {
    sim.setFaults({ latencyMs: 150 });
    const t = performance.now();
    await getPage("?limit=1");
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
  });

  test("a share of requests fails with the configured statuses; 429 carries Retry-After", async () => {
    sim.setFaults({ failureRate: 0.4, failureStatuses: [429, 503], retryAfterSec: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await get("?limit=1");
      statuses.push(res.status);
      if (res.status === 429 || res.status === 503) expect(res.headers.get("retry-after")).toBe("3");
      await res.arrayBuffer();
    }
    const failed = statuses.filter((s) => s !== 200);
    expect(new Set(failed)).toEqual(new Set([429, 503]));
    expect(failed.length / statuses.length).toBeGreaterThan(0.28);
    expect(failed.length / statuses.length).toBeLessThan(0.52);
  });

  test.each([500, 502, 504])("failureRate 1 with %i – every request answers it", async (status) => {
    sim.setFaults({ failureRate: 1, failureStatuses: [status] });
    const res = await get("");
    expect(res.status).toBe(status);
    if (status === 500) expect(await res.json()).toEqual({ message: "Internal server error" });
    else expect(await res.text()).toContain(`${status}`);
  });

  test("truncateRate 1 – a 200 whose body stops short", async () => {
    sim.setFaults({ truncateRate: 1 });
    const res = await get("?limit=50");
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    sim.setFaults({});
    expect((await getPage("?limit=50")).runs).toHaveLength(50);
  });

  test("bad fault settings are refused", () => {
    expect(() => sim.setFaults({ failureRate: 2 })).toThrow(/failureRate/);
    expect(() => sim.setFaults({ failureStatuses: [418] })).toThrow(/failureStatuses/);
  });
});

describe("time", () => {
  test("an in-flight run finishes as the clock moves on, keeping runId and batchId", async () => {
    const visible = totalVisibleRuns(spec, ANCHOR);
    let index = -1;
    for (let i = visible - 1; i >= 0 && index < 0; i--) if (simulatedRun(i, spec, ANCHOR)!.status === "Running") index = i;
    expect(index).toBeGreaterThanOrEqual(0);
    const batchId = simulatedBatchId(index, spec);
    const before = (await getPage(`?batchId=${batchId}&limit=1`)).runs[0]!;
    expect(before).toMatchObject({ status: "Running", endTime: null });
    expect(before.startTime).not.toBeNull();
    expect(before.runDurationSec).toBeCloseTo((ANCHOR - Date.parse(before.startTime as string)) / 1000, 3);

    const final = simulatedRun(index, spec, ANCHOR + 400 * 86_400_000)!;
    clock = Date.parse(final.endTime!) + 1000;
    const after = (await getPage(`?batchId=${batchId}&limit=1`)).runs[0]!;
    expect(after.runId).toBe(before.runId);
    expect(after.batchId).toBe(batchId);
    expect(["Succeeded", "Failed", "Stopped", "Error"]).toContain(after.status);
    expect(after.endTime).toBe(final.endTime);
    expect(after.totalCostAmount).toBe(final.totalCostAmount);
    expect(after.totalCostAmount as number).toBeGreaterThanOrEqual(before.totalCostAmount as number);
  });

  test("a queued run shows status Queued with null startTime", async () => {
    const index = 2500;
    const queuedMs = Number(simulatedBatchId(index, spec));
    clock = queuedMs + 1;
    const page = await getPage(`?batchId=${queuedMs}`);
    expect(page.runs).toHaveLength(1);
    expect(page.runs[0]).toMatchObject({ status: "Queued", startTime: null, endTime: null, runDurationSec: 0, totalCostAmount: 0 });
    expect(page.nextBatchId).toBeNull();
  });

  test("new runs appear after the anchor as the clock moves, found from the last batchId", async () => {
    const lastBatchId = simulatedBatchId(4999, spec);
    expect((await getPage(`?batchId=${lastBatchId}`)).runs).toHaveLength(1);
    clock = ANCHOR + 2 * 86_400_000;
    const later = await getPage(`?batchId=${lastBatchId}`);
    expect(later.runs.length).toBeGreaterThan(2);
    expect(later.runs[0]!.batchId).toBe(lastBatchId);
    expect(later.runs.length).toBe(totalVisibleRuns(spec, clock) - 4999);
  });
});

describe("determinism", () => {
  test("same seed and anchor – the same bytes; another seed – other runs", async () => {
    const twin = await startSimulator({ ...spec, now: () => ANCHOR, adminKeys: [ADMIN] });
    const other = await startSimulator({ ...spec, seed: 8, now: () => ANCHOR, adminKeys: [ADMIN] });
    try {
      for (const query of ["", `?batchId=${simulatedBatchId(3333, spec)}&limit=300`]) {
        const a = await (await get(query)).text();
        const b = await (await get(query, { "X-Domino-Api-Key": ADMIN }, twin.url)).text();
        expect(b).toBe(a);
        expect(await (await get(query, { "X-Domino-Api-Key": ADMIN }, other.url)).text()).not.toBe(a);
      }
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

describe("pre-built pages", () => {
  test("serve the same bytes as pages built per request, and rebuild when the clock is before them", async () => {
    const prebuilt = await startSimulator({ ...spec, now: () => clock, adminKeys: [ADMIN], prebuildPages: true });
    try {
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? "" : `?batchId=${cursor}`;
        const live = await (await get(query)).text();
        const fromCache = await (await get(query, { "X-Domino-Api-Key": ADMIN }, prebuilt.url)).text();
        expect(fromCache).toBe(live);
        cursor = (JSON.parse(live) as Page).nextBatchId;
      } while (cursor !== null);

      clock = Number(simulatedBatchId(500, spec));
      const early = await getPage("", prebuilt.url);
      expect(early.runs).toHaveLength(501);
      expect(early.nextBatchId).toBeNull();
    } finally {
      await prebuilt.close();
    }
  });
});
