import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { totalVisibleRuns } from "../../lib/gateway/simulator/index";
import { GATEWAY_KEY, startGateway } from "./gateway";
import { call, requestSync, syncStatus, waitIdle } from "./http";
import { memoryOf, sleep, startApp, type AppServer } from "./processes";
import { mb, ms, percentile, sized, type ReliabilityRow, type Scenario, type ScenarioContext } from "./report";
import { CACHE_SEED, copyCachedStore, LOAD_STORE_RUNS } from "./store-cache";

/**
 * Load on the full store: 50 clients for 60 s (autocannon, 127.0.0.1 only) over a mix of the
 * analytics routes while incremental syncs run one after another (new runs keep arriving), then
 * 10 simultaneous downloads of the whole runs CSV: all complete, byte-identical, the server's
 * resident memory sampled throughout. --ci: 20 clients for 10 s on 20,000 runs, 3 downloads.
 */

/**
 * The p99 each mode must stay under. The issue's 500 ms is for the full run. --ci runs on a small
 * store but on a CI box whose 2 cores also run the load generator, the gateway and the syncs, so
 * its bound is wide: it is there to catch a route gone slow by an order of magnitude, while
 * any error, timeout or non-2xx answer fails every mode.
 */
const P99_LIMIT_MS = { full: 500, quick: 500, ci: 2_000 } as const;

export interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  stop(): void;
  on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: "done", listener: (result: AutocannonResult) => void): void;
}
type Autocannon = (options: object, done?: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
/** autocannon (CommonJS, untyped here): the load generator of this suite. */
export const autocannon = createRequire(__filename)("autocannon") as Autocannon;

interface Facets {
  values: { key: string }[];
}

/** The analytics routes the load runs over, with filters on values the store holds. */
export async function routeMix(base: string): Promise<string[]> {
  const top = async (dim: string) => ((await call<Facets>(`${base}/api/facets?dim=${dim}&limit=5`)).body.values ?? []).map((v) => encodeURIComponent(v.key));
  const [tiers, projects, users] = await Promise.all([top("hardwareTier"), top("project"), top("user")]);
  const tier = tiers[0] ?? "small";
  const tier2 = tiers[1] ?? tier;
  const project = projects[0] ?? "x";
  const user = users[0] ?? "x";
  return [
    "/api/totals?from=2026-10-01&to=2026-10-31",
    "/api/breakdown?by=hardwareTier&from=2026-01-01&to=2026-10-31",
    "/api/breakdown?by=project&limit=100",
    "/api/timeseries?interval=day&stackBy=hardwareTier&from=2026-08-01&to=2026-10-31",
    `/api/runs?limit=50&sort=cost&tier=${tier}`,
    `/api/facets?dim=project&q=a`,
    `/api/totals?tier=${tier}&tier=${tier2}`,
    "/api/breakdown?by=user&sort=runs&from=2025-01-01&to=2025-12-31",
    "/api/timeseries?interval=month&stackBy=project",
    `/api/runs?limit=50&offset=5000&project=${project}`,
    `/api/breakdown?by=owner&user=${user}`,
    "/api/totals",
    "/api/runs?q=train&limit=25",
    `/api/facets?dim=user&tier=${tier}`,
    "/api/timeseries?interval=week&stackBy=user&from=2026-05-01&to=2026-10-31",
    "/api/breakdown?by=runType&status=Failed",
  ];
}

async function loadRow(context: ScenarioContext, runs: number): Promise<ReliabilityRow> {
  const dataDir = path.join(context.workDir, "load");
  const { builtSeconds } = await copyCachedStore(runs, dataDir, context.log);
  const gateway = await startGateway({ runs, seed: CACHE_SEED });
  // New runs keep arriving (about 40 a second of real time) and each page takes 100 ms, so an
  // incremental sync is nearly always running while the load does.
  const perHour = totalVisibleRuns(gateway.spec, gateway.spec.anchorMs + 3_600_000) - runs;
  await gateway.setClock(gateway.spec.anchorMs, (40 * 3_600) / Math.max(1, perHour));
  await gateway.setFaults({ latencyMs: 100 });
  let app: AppServer | null = null;
  try {
    app = await startApp({ dataDir, gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY });
    await waitIdle(app.url, 300_000);
    const paths = await routeMix(app.url);
    const before = await syncStatus(app.url);
    const duration = sized(context.mode, { full: 60, quick: 10, ci: 10 });
    const connections = sized(context.mode, { full: 50, quick: 50, ci: 20 });
    const limit = sized(context.mode, P99_LIMIT_MS);
    const latencies: number[] = [];
    let stop = false;
    let syncs = 0;
    let syncingSamples = 0;
    let samples = 0;
    let peakRss = 0;
    const syncLoop = (async () => {
      while (!stop) {
        const s = await syncStatus(app!.url);
        samples++;
        if (s.running) syncingSamples++;
        else if ((await requestSync(app!.url)).status === 202) syncs++;
        peakRss = Math.max(peakRss, memoryOf(app!.pid).rss);
        await sleep(250);
      }
    })();
    context.log(`load: ${connections} connections for ${duration} s over ${paths.length} routes on ${runs.toLocaleString("en-US")} runs`);
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon(
        { url: app!.url, connections, duration, timeout: 10, requests: paths.map((p) => ({ method: "GET", path: p })) },
        (error, r) => (error ? reject(error) : resolve(r)),
      );
      instance.on("response", (_client, _status, _bytes, responseMs) => latencies.push(responseMs));
    });
    stop = true;
    await syncLoop;
    const after = await waitIdle(app.url, 120_000);
    const errors = result.errors + result.timeouts + result.non2xx;
    const p99 = percentile(latencies, 99);
    const problems = [
      errors > 0 ? `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx` : null,
      p99 >= limit ? `p99 ${ms(p99)} (target < ${limit} ms)` : null,
      after.lastError ? `sync failed: ${after.lastError.message}` : null,
    ].filter(Boolean);
    return {
      group: "load",
      scenario: `${connections} clients × ${duration} s, analytics mix on ${runs.toLocaleString("en-US")} runs, incremental syncs running`,
      held: problems.length === 0,
      ...(problems.length ? { problem: problems.join("; ") } : {}),
      figures: {
        "requests/s": Math.round(result.requests.total / result.duration),
        requests: result.requests.total,
        p50: ms(percentile(latencies, 50)),
        p95: ms(percentile(latencies, 95)),
        p99: `${ms(p99)} (limit ${limit} ms)`,
        errors,
        "syncs during": `${syncs} started, running ${Math.round((100 * syncingSamples) / Math.max(1, samples))}% of the time, +${(after.runCount - before.runCount).toLocaleString("en-US")} runs`,
        "peak RSS": mb(peakRss),
        "machine load avg": os.loadavg()[0]!.toFixed(1),
        ...(builtSeconds !== null ? { "store built in": `${builtSeconds.toFixed(0)} s` } : {}),
      },
      lost: "nothing",
    };
  } finally {
    await app?.stop();
    await gateway.stop();
  }
}

async function download(url: string): Promise<{ status: number; bytes: number; sha: string; seconds: number; rows: string }> {
  const started = performance.now();
  const response = await request(url, { headersTimeout: 600_000, bodyTimeout: 600_000 });
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of response.body) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { status: response.statusCode, bytes, sha: hash.digest("hex"), seconds: (performance.now() - started) / 1000, rows: String(response.headers["x-runledger-row-count"] ?? "?") };
}

async function csvRow(context: ScenarioContext, runs: number): Promise<ReliabilityRow> {
  const downloads = sized(context.mode, { full: 10, quick: 10, ci: 3 });
  const dataDir = path.join(context.workDir, "csv");
  await copyCachedStore(runs, dataDir, context.log);
  const gateway = await startGateway({ runs, seed: CACHE_SEED });
  let app: AppServer | null = null;
  try {
    app = await startApp({ dataDir, gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY });
    const idle = await waitIdle(app.url, 300_000);
    const baseline = memoryOf(app.pid).rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(app!.pid).rss)), 50);
    context.log(`csv: ${downloads} simultaneous downloads of ${idle.runCount.toLocaleString("en-US")} rows`);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: downloads }, () => download(`${app!.url}/api/runs.csv`)));
    const wall = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const shas = new Set(results.map((r) => r.sha));
    const complete = results.every((r) => r.status === 200 && r.rows === String(idle.runCount));
    const problems = [
      complete ? null : `downloads: ${results.map((r) => `${r.status}/${r.rows} rows`).join(", ")}`,
      shas.size === 1 ? null : `${shas.size} different files`,
      peak < 2 ** 30 ? null : `peak RSS ${mb(peak)} (limit 1 GB)`,
    ].filter(Boolean);
    return {
      group: "load",
      scenario: `${downloads} simultaneous full CSV downloads of ${idle.runCount.toLocaleString("en-US")} rows`,
      held: problems.length === 0,
      ...(problems.length ? { problem: problems.join("; ") } : {}),
      figures: {
        completed: `${results.filter((r) => r.status === 200).length}/${downloads}`,
        "byte-identical": shas.size === 1 ? "yes" : "NO",
        "each file": mb(results[0]!.bytes),
        "wall": `${wall.toFixed(1)} s`,
        "server RSS": `${mb(baseline)} before, peak ${mb(peak)} (limit 1 GB)`,
      },
      lost: "nothing",
    };
  } finally {
    await app?.stop();
    await gateway.stop();
  }
}

export const loadScenario: Scenario = {
  name: "load",
  measuresLatency: true,
  async run(context: ScenarioContext): Promise<ReliabilityRow[]> {
    const runs = sized(context.mode, LOAD_STORE_RUNS);
    return [await loadRow(context, runs), await csvRow(context, runs)];
  },
};
