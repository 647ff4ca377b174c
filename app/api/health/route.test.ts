import { afterAll, beforeAll, expect, test } from "vitest";
import { sendJson, startScriptedGateway, type ScriptedGateway } from "@/lib/gateway/scripted-gateway";
import { getSyncManager, SyncManager } from "@/lib/sync/sync-manager";
import { tempStore, type TempStore } from "@/lib/sync/testing/fixtures";
import { GET } from "./route";

const SLOT = Symbol.for("runledger.sync-manager");
let temp: TempStore;
let gateway: ScriptedGateway;
let manager: SyncManager;

beforeAll(async () => {
  delete process.env.DOMINO_API_HOST;
  temp = await tempStore();
  gateway = await startScriptedGateway((_req, _i, res) => sendJson(res, 403, { message: "Forbidden" }));
  delete (globalThis as Record<symbol, unknown>)[SLOT];
  manager = await getSyncManager(
    async () =>
      new SyncManager({
        store: temp.store,
        gateway: async () => ({ baseUrl: gateway.url, auth: { kind: "api-key", secret: "health-test-secret" }, limit: 10, timeoutMs: 5_000 }),
        spoolDir: temp.spoolDir,
        log: () => {},
      }),
  );
});

afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[SLOT];
  await gateway.close();
  temp.cleanup();
});

test("GET /api/health – store, sync and gateway state, with a rejected key named but never shown", async () => {
  await manager.syncNow();
  const response = await GET(new Request("http://localhost/api/health"));
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({
    status: "degraded",
    mode: "demo",
    store: { ok: true, runCount: 0, dataAsOf: null, dataVersion: 0, rejectedRuns: 0, rejectedSample: [] },
    sync: { running: false, lastError: { code: "auth_rejected" }, intervalMinutes: expect.any(Number) },
    gateway: { mode: "demo", host: "built-in simulator", lastError: { code: "auth_rejected" } },
  });
  expect(JSON.stringify(body)).not.toContain("health-test-secret");
});

test("GET /api/health – anyone but an admin gets the status word only, cached for a second", async () => {
  const { publicStatus } = await import("@/lib/health/public-status");
  let computed = 0;
  const compute = async () => {
    computed += 1;
    return "ok" as const;
  };
  const t = 1_000_000_000;
  expect(await publicStatus(compute, t)).toBe("ok");
  expect(await publicStatus(compute, t + 999)).toBe("ok");
  expect(computed).toBe(1);
  expect(await publicStatus(compute, t + 1000)).toBe("ok");
  expect(computed).toBe(2);
  // A store that cannot be read is "down", never a thrown error.
  expect(await publicStatus(async () => { throw new Error("IO Error"); }, t + 5000)).toBe("down");
  const { httpStatusOf } = await import("@/lib/health/public-status");
  expect([httpStatusOf("ok"), httpStatusOf("degraded"), httpStatusOf("down")]).toEqual([200, 200, 503]);
});
