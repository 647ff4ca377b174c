import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { gatewayRun, sendJson, startScriptedGateway, type ScriptedGateway } from "@/lib/gateway/scripted-gateway";
import { getSyncManager, SyncManager } from "@/lib/sync/sync-manager";
import { tempStore, type TempStore } from "@/lib/sync/testing/fixtures";
import { GET, POST } from "./route";

let temp: TempStore;
let gateway: ScriptedGateway;
// Each page waits for a permit from the test, so a sync can be caught while it runs.
let permits = 0;
const waiting: (() => void)[] = [];
const release = () => {
  const next = waiting.shift();
  if (next) next();
  else permits++;
};
const gate = () =>
  new Promise<void>((resolve) => {
    if (permits > 0) {
      permits--;
      resolve();
    } else waiting.push(resolve);
  });

beforeAll(async () => {
  temp = await tempStore();
  gateway = await startScriptedGateway(async (req, _i, res) => {
    await gate();
    const asked = req.url.searchParams.get("batchId");
    if (asked === null) return sendJson(res, 200, { runs: [gatewayRun(0), gatewayRun(1)], nextBatchId: gatewayRun(2).batchId });
    return sendJson(res, 200, { runs: [gatewayRun(2)], nextBatchId: null });
  });
  const slot = globalThis as Record<symbol, unknown>;
  delete slot[Symbol.for("runledger.sync-manager")];
  await getSyncManager(
    async () =>
      new SyncManager({
        store: temp.store,
        gateway: async () => ({ baseUrl: gateway.url, auth: { kind: "api-key", secret: "route-test-key" }, limit: 2, timeoutMs: 5_000 }),
        spoolDir: temp.spoolDir,
        log: () => {},
      }),
  );
});

afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("runledger.sync-manager")];
  await gateway.close();
  temp.cleanup();
});

const post = (body?: string) =>
  POST(new Request("http://localhost/api/sync", { method: "POST", ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }) }));

async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
}

describe("/api/sync", () => {
  test("GET /api/sync – an empty store that never synced", async () => {
    const response = await GET(new Request("http://localhost/api/sync"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      running: false,
      kind: null,
      progress: null,
      dataAsOf: null,
      dataVersion: 0,
      runCount: 0,
      rejectedRuns: 0,
      lastError: null,
    });
  });

  test.each([
    ["not JSON", "{full"],
    ["an unknown field", '{"fast": true}'],
    ["full not a boolean", '{"full": "yes"}'],
    ["an array", "[]"],
  ])("POST /api/sync – %s", async (_name, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.error.code).toBe("bad_request");
  });

  test("POST /api/sync – starts a backfill (202), a second request joins it (200), GET shows progress, then data as of", async () => {
    const first = await post();
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ started: true, running: true, kind: "backfill", runCount: 0 });

    const second = await post('{"full": true}');
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ started: false, running: true });
    const during = await (await GET(new Request("http://localhost/api/sync"))).json();
    expect(during).toMatchObject({
      running: true,
      kind: "backfill",
      progress: { runsStored: 0, pages: 0, runsPerSecond: 0, percent: null, etaSeconds: null },
    });

    release();
    release();
    await waitFor(async () => !(await (await GET(new Request("http://localhost/api/sync"))).json()).running);
    const done = await (await GET(new Request("http://localhost/api/sync"))).json();
    expect(done).toMatchObject({ running: false, kind: null, progress: null, runCount: 3, rejectedRuns: 0, lastError: null });
    expect(Date.parse(done.dataAsOf)).toBeGreaterThan(Date.now() - 60_000);
    expect(done.dataVersion).toBeGreaterThan(0);
    expect(gateway.requests).toHaveLength(2);
    expect(JSON.stringify(done)).not.toContain("route-test-key");
  });
});
