import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GATEWAY_PATH } from "./connection";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "runledger-demo-"));
  // env() reads process.env once, on first use: set it before the modules run.
  process.env.DATA_DIR = dataDir;
  process.env.DEMO_RUNS = "2500";
  process.env.DEMO_SEED = "11";
  delete process.env.DOMINO_API_HOST;
});

afterAll(async () => {
  const { closeDemoGateway } = await import("./demo-gateway");
  await closeDemoGateway();
  await rm(dataDir, { recursive: true, force: true });
});

describe("demo gateway", () => {
  test("one simulator per process, on loopback, reached over HTTP with its random admin key", async () => {
    const { getDemoGateway } = await import("./demo-gateway");
    const [a, b] = await Promise.all([getDemoGateway(), getDemoGateway()]);
    expect(b).toBe(a);
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.auth.kind).toBe("api-key");
    expect(a.auth.secret).toMatch(/^[0-9a-f]{48}$/);
    expect(a.limit).toBe(1000);

    const res = await fetch(`${a.baseUrl}${GATEWAY_PATH}?limit=5`, { headers: { "X-Domino-Api-Key": a.auth.secret } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { runs: unknown[] }).runs).toHaveLength(5);
    expect((await fetch(`${a.baseUrl}${GATEWAY_PATH}`, { headers: { "X-Domino-Api-Key": "demo-admin-key" } })).status).toBe(401);
  });

  test("the anchor is kept in DATA_DIR and survives a restart; a new key is made", async () => {
    const { getDemoGateway, closeDemoGateway } = await import("./demo-gateway");
    const first = await getDemoGateway();
    const saved = JSON.parse(await readFile(path.join(dataDir, "demo-gateway.json"), "utf8")) as { seed: number; runs: number; anchorMs: number };
    expect(saved).toMatchObject({ seed: 11, runs: 2500 });
    expect(saved.anchorMs % 3_600_000).toBe(0);
    const page = async (c: typeof first) =>
      (await (await fetch(`${c.baseUrl}${GATEWAY_PATH}?limit=50`, { headers: { "X-Domino-Api-Key": c.auth.secret } })).json()) as { runs: Array<{ runId: string; batchId: string }> };
    const before = await page(first);

    await closeDemoGateway();
    const second = await getDemoGateway();
    expect(second.auth.secret).not.toBe(first.auth.secret);
    expect((await page(second)).runs.map((r) => r.batchId)).toEqual(before.runs.map((r) => r.batchId));
  });

  test("a changed seed or size gets a fresh anchor", async () => {
    const { demoAnchor } = await import("./demo-gateway");
    const hour = 3_600_000;
    const kept = await demoAnchor(dataDir, 11, 2500, Date.now() + 30 * hour);
    expect(await demoAnchor(dataDir, 11, 2500, Date.now() + 60 * hour)).toBe(kept);
    const fresh = await demoAnchor(dataDir, 12, 2500, Date.now() + 30 * hour);
    expect(fresh).not.toBe(kept);
    expect(fresh % hour).toBe(0);
  });
});

describe("upstream", () => {
  test("in demo mode it is the demo gateway", async () => {
    const { getUpstream } = await import("./upstream");
    const { getDemoGateway } = await import("./demo-gateway");
    expect(await getUpstream()).toBe(await getDemoGateway());
  });
});
