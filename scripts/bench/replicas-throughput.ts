import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLoadBalancer, type Backend } from "../load-balancer";
import { syncStatus, waitFor } from "../reliability/http";
import { autocannon, routeMix, type AutocannonResult } from "../reliability/load";
import { prepareApp, ROOT, startApp, type AppServer } from "../reliability/processes";
import { percentile } from "../reliability/report";
import type { BenchContext, BenchRow } from "./harness";

/**
 * Two replicas against one under the load test's analytics mix (scripts/reliability/load.ts):
 * the built app (`next start`) as replicas of the benchmark's PostgreSQL, each with its own
 * DATA_DIR, following it; the same round-robin balancer in front of one, then of two; the
 * same autocannon load through it. Everything (PostgreSQL, the balancer, autocannon and the
 * replicas) shares this machine's cores, so the ratio is bounded by them: on 2 cores two
 * replicas cannot double what one does when one already keeps both cores busy.
 */

const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_REPLICAS_SECONDS ?? 15);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(url: string, paths: string[], seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: seconds, timeout: 30, requests: paths.map((p) => ({ method: "GET", path: p })) },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  return {
    rps: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export async function replicasThroughput(
  context: BenchContext,
  options: { databaseUrl: string; gatewayUrl: string; gatewayKey: string; runs: number },
): Promise<BenchRow[]> {
  const bench = `analytics mix (${CONNECTIONS} connections, ${SECONDS} s), ${options.runs.toLocaleString("en-US")} runs`;
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    context.log("replicas: no build in .next; run `next build` first for the throughput rows");
    return [{ bench, variant: "two replicas vs one", figures: { note: "no build found (next build first)" } }];
  }
  prepareApp({ build: "never", log: context.log });
  const work = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-replicas-lb-"));
  const apps: AppServer[] = [];
  const backends: Backend[] = [];
  const balancer = await startLoadBalancer({ backends });
  const start = async (n: number) => {
    const app = await startApp({
      dataDir: path.join(work, `replica-${n}`),
      gatewayUrl: options.gatewayUrl,
      gatewayKey: options.gatewayKey,
      env: { DATABASE_URL: options.databaseUrl, REPLICA_SYNC_INTERVAL_SECONDS: "86400", SYNC_INTERVAL: "1440" },
    });
    apps.push(app);
    // Caught up from PostgreSQL at start; its rollups are built in the background after that.
    await waitFor(`replica ${n} to hold every run`, 600_000, async () => ((await syncStatus(app.url)).runCount >= options.runs ? true : undefined), 500);
    return app;
  };
  // Long enough for a replica's rollups, rebuilt after its first catch-up, to be in use.
  const warmUp = options.runs >= 1_000_000 ? 25 : 8;
  try {
    const one = await start(1);
    backends.push({ port: one.port });
    const paths = await routeMix(balancer.url);
    context.log("replicas: one replica behind the balancer (warm-up, then measured)");
    await measure(balancer.url, paths, warmUp);
    const single = await measure(balancer.url, paths, SECONDS);
    const two = await start(2);
    backends.push({ port: two.port });
    context.log("replicas: two replicas behind the balancer (warm-up, then measured)");
    await measure(balancer.url, paths, warmUp);
    const double = await measure(balancer.url, paths, SECONDS);
    const ratio = double.rps / Math.max(1e-9, single.rps);
    const figures = (m: Measured) => ({
      "requests/s": m.rps.toFixed(0),
      "p50 ms": m.p50.toFixed(0),
      "p99 ms": m.p99.toFixed(0),
      errors: String(m.errors),
      cores: String(os.cpus().length),
      "load avg": os.loadavg()[0]!.toFixed(1),
    });
    return [
      { bench, variant: "one replica behind the balancer", figures: figures(single) },
      {
        bench,
        variant: "two replicas behind the balancer",
        figures: { ...figures(double), "vs one": `${ratio.toFixed(2)}×` },
        target: "≥ 1.6× one replica",
        met: ratio >= 1.6 && double.errors === 0 && single.errors === 0,
      },
    ];
  } finally {
    await balancer.close();
    await Promise.all(apps.map((a) => a.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}
