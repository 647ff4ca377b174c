import path from "node:path";
import pg from "pg";
import { simulatedRun, totalVisibleRuns, type DatasetSpec } from "../../lib/gateway/simulator/index";
import { SYNC_LOCK_KEY } from "../../lib/store/postgres/schema";
import { postgresBinDir, startTempCluster, type TempCluster } from "../../lib/store/postgres/temp-cluster";
import { startLoadBalancer, type Backend, type LoadBalancer } from "../load-balancer";
import { GATEWAY_KEY, startGateway, type Gateway } from "./gateway";
import type { SyncStatus } from "../../lib/contract/answers";
import { call, compareRuns, readStore, syncStatus, waitFor } from "./http";
import { autocannon, routeMix, type AutocannonResult } from "./load";
import { sleep, startApp, type AppServer } from "./processes";
import { sized, type ReliabilityRow, type Scenario, type ScenarioContext } from "./report";

/**
 * Two replicas sharing one PostgreSQL (docs/replicas.md) behind a round-robin load balancer,
 * under the analytics mix throughout, while they backfill from a slow gateway: the replica
 * holding the sync lock is SIGKILLed three times, each time a few seconds after it published a
 * batch (so in the middle of the next one), and restarted on the same DATA_DIR; then
 * PostgreSQL is stopped for a few seconds in the middle of a sync and started again.
 *
 * It holds when the other replica takes the sync over within a sync interval each time, reads
 * answer the documented 503 `unavailable` while the database is down and nothing but 2xx
 * otherwise (no 5xx, no dropped request through the balancer), the interrupted sync reports
 * `store_unavailable`, both replicas recover by themselves, and at the end PostgreSQL and both
 * replicas hold exactly the gateway's runs: the same run ids, none twice, the same cost per
 * currency to the micro-unit (and to the cent on /api/totals).
 */

const SCENARIO = "2 replicas behind a load balancer under the analytics mix: the syncing one SIGKILLed and restarted 3 times, PostgreSQL restarted mid-sync";
const INTERVAL_SECONDS = 2;
/** After PostgreSQL is back, answers still in flight from before may end in 503 for this long. */
const RESTART_GRACE_MS = 5_000;

interface Ledger {
  count: number;
  ids: Set<string>;
  micros: Map<string, bigint>;
}

/** What the simulated gateway holds at `nowMs`: ids, and cost per currency in micro-units. */
function gatewayLedger(spec: DatasetSpec, nowMs: number): Ledger {
  const ids = new Set<string>();
  const micros = new Map<string, bigint>();
  const visible = totalVisibleRuns(spec, nowMs);
  for (let i = 0; i < visible; i++) {
    const run = simulatedRun(i, spec, nowMs);
    if (!run) continue;
    ids.add(run.runId);
    micros.set(run.totalCostCurrency, (micros.get(run.totalCostCurrency) ?? 0n) + BigInt(Math.round(run.totalCostAmount * 1e6)));
  }
  return { count: ids.size, ids, micros };
}

const cents = (micros: bigint) => Number((micros + 5_000n) / 10_000n) / 100;
const formatMicros = (micros: Map<string, bigint>) =>
  [...micros].sort(([a], [b]) => a.localeCompare(b)).map(([c, m]) => `${c} ${(Number(m) / 1e6).toFixed(6)}`).join(", ");

interface Replica {
  name: string;
  dataDir: string;
  app: AppServer;
  backend: Backend;
}

/** The shared database as the scenario sees it: who holds the sync lock, what is published. */
class Shared {
  private readonly pool: pg.Pool;
  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000 });
    this.pool.on("error", () => {});
  }

  /** The application_name of the replica holding the sync lock, or null. */
  async holder(): Promise<string | null> {
    const rows = (
      await this.pool.query(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1`,
        [SYNC_LOCK_KEY],
      )
    ).rows;
    return rows.length > 0 ? String(rows[0].application_name) : null;
  }

  async published(): Promise<number> {
    return Number((await this.pool.query("SELECT count(*) AS n FROM runs")).rows[0].n);
  }

  async ledger(): Promise<{ count: number; distinct: number; micros: Map<string, bigint>; ids: Set<string> }> {
    const rows = (
      await this.pool.query(
        `SELECT total_cost_currency AS c, count(*) AS n, count(DISTINCT run_id) AS d,
                (sum(total_cost_amount) * 1000000)::numeric(38, 0)::text AS micros
           FROM runs GROUP BY 1`,
      )
    ).rows;
    const ids = new Set((await this.pool.query("SELECT run_id FROM runs")).rows.map((r) => String(r.run_id)));
    return {
      count: rows.reduce((n, r) => n + Number(r.n), 0),
      distinct: rows.reduce((n, r) => n + Number(r.d), 0),
      micros: new Map(rows.map((r) => [String(r.c), BigInt(String(r.micros))])),
      ids,
    };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

interface LoadLog {
  /** Status and time of every answer through the balancer. */
  answers: { status: number; at: number }[];
  result: Promise<AutocannonResult>;
  stop(): void;
}

function startLoad(url: string, paths: string[], mode: ScenarioContext["mode"]): LoadLog {
  const answers: LoadLog["answers"] = [];
  let instance: { stop(): void } | null = null;
  const result = new Promise<AutocannonResult>((resolve, reject) => {
    const cannon = autocannon(
      {
        url,
        connections: sized(mode, { full: 16, quick: 8, ci: 4 }),
        // Paced: the point is answers during the faults, not the most requests a second.
        overallRate: sized(mode, { full: 200, quick: 80, ci: 30 }),
        duration: 3_600,
        timeout: 20,
        requests: paths.map((p) => ({ method: "GET", path: p })),
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    cannon.on("response", (_client, status) => answers.push({ status, at: Date.now() }));
    instance = cannon;
  });
  return { answers, result, stop: () => instance?.stop() };
}

async function replicasRow(context: ScenarioContext): Promise<ReliabilityRow> {
  const runs = sized(context.mode, { full: 150_000, quick: 80_000, ci: 30_000 });
  const downMs = sized(context.mode, { full: 10_000, quick: 6_000, ci: 4_000 });
  const began = performance.now();
  const log = (m: string) => context.log(`replicas (${((performance.now() - began) / 1000).toFixed(0)} s): ${m}`);
  let cluster: TempCluster | null = null;
  let gateway: Gateway | null = null;
  let shared: Shared | null = null;
  let balancer: LoadBalancer | null = null;
  let load: LoadLog | null = null;
  const replicas: Replica[] = [];
  let restarting: Promise<void> = Promise.resolve();
  const problems: string[] = [];
  try {
    cluster = await startTempCluster();
    const db = cluster;
    shared = new Shared(db.url);
    gateway = await startGateway({ runs, seed: 23 });
    // Slow pages, so the backfill spans many batches (one closes 8 s after its first page) and
    // every kill lands inside one.
    await gateway.setFaults({ latencyMs: sized(context.mode, { full: 100, quick: 120, ci: 120 }) });
    const expected = gatewayLedger(gateway.spec, gateway.spec.anchorMs);
    const gw = gateway;

    const start = (name: string, dataDir: string) =>
      startApp({
        dataDir,
        gatewayUrl: gw.url,
        gatewayKey: GATEWAY_KEY,
        env: {
          // The name tells the scenario which replica holds the sync lock (pg_stat_activity).
          DATABASE_URL: `${db.url}?application_name=${name}`,
          REPLICA_SYNC_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
          DOMINO_PAGE_LIMIT: "200",
        },
      });
    for (const [i, app] of (await Promise.all([1, 2].map((n) => start(`replica-${n}`, path.join(context.workDir, `replica-${n}`))))).entries()) {
      replicas.push({ name: `replica-${i + 1}`, dataDir: path.join(context.workDir, `replica-${i + 1}`), app, backend: { port: app.port } });
    }
    balancer = await startLoadBalancer({ backends: replicas.map((r) => r.backend) });
    log("two replicas answering");
    const sh = shared;

    // The replica holding the sync lock, watched: since when (as far as seen) and what was
    // published when it was first seen holding it.
    let since = { holder: null as string | null, count: -1, at: 0 };
    const syncer = (what: string, ready: (s: { count: number; heldMs: number }) => boolean) =>
      waitFor(what, 120_000, async () => {
        const holder = await sh.holder();
        const count = await sh.published();
        if (holder === null) return undefined;
        if (holder !== since.holder) since = { holder, count, at: performance.now() };
        return ready({ count, heldMs: performance.now() - since.at }) ? { holder, count } : undefined;
      }, 150);
    const publishedBySyncer = (what: string) => syncer(what, ({ count }) => count > since.count);

    const first = await publishedBySyncer("a first published batch");
    const paths = await routeMix(balancer.url);
    load = startLoad(balancer.url, paths, context.mode);
    log(`load through the balancer on ${paths.length} routes; ${first.holder} syncs (${first.count} runs published)`);

    const kills: { at: number; takeoverS: number }[] = [];
    for (let k = 0; k < 3; k++) {
      // The other replica must be serving before this one goes.
      await restarting;
      // The first kill after a published batch, the next ones a few seconds into the new
      // syncer's work: each lands in the middle of a sync.
      const { holder } =
        k === 0 ? await publishedBySyncer("a batch published before kill 1") : await syncer(`a sync under way before kill ${k + 1}`, ({ heldMs }) => heldMs >= 2_500);
      if (k === 0) await sleep(2_000);
      const count = await sh.published();
      if ((await sh.holder()) !== holder || count >= expected.count) {
        problems.push(`the backfill ended before kill ${k + 1}`);
        break;
      }
      const victim = replicas.find((r) => r.name === holder)!;
      await victim.app.kill();
      const killedAt = performance.now();
      const taker = await waitFor(`another replica to take the sync after kill ${k + 1}`, 60_000, async () => {
        const h = await sh.holder();
        return h !== null && h !== victim.name ? h : undefined;
      }, 100);
      const takeoverS = (performance.now() - killedAt) / 1000;
      kills.push({ at: count, takeoverS });
      log(`kill ${k + 1}: ${victim.name} SIGKILLed at ${count} runs published; ${taker} took over in ${takeoverS.toFixed(1)} s`);
      restarting = start(victim.name, victim.dataDir).then((app) => {
        victim.app = app;
        victim.backend.port = app.port;
      });
    }

    // PostgreSQL stopped in the middle of a sync, started again a few seconds later.
    await restarting;
    const beforeDown = await publishedBySyncer("a batch published before PostgreSQL goes");
    await sleep(1_500);
    if ((await sh.holder()) !== beforeDown.holder || (await sh.published()) >= expected.count) problems.push("the backfill ended before PostgreSQL's restart");
    const downAt = Date.now();
    db.stopServer();
    log(`PostgreSQL stopped while ${beforeDown.holder} synced (${beforeDown.count} runs published)`);
    const probes: string[] = [];
    await sleep(Math.max(0, downMs - 2_000));
    for (const r of replicas) {
      const answer = await call<{ error?: { code?: string } }>(`${r.app.url}/api/totals`).catch(() => null);
      probes.push(answer ? `${answer.status} ${answer.body?.error?.code ?? ""}`.trim() : "no answer");
    }
    await sleep(Math.max(0, downMs - (Date.now() - downAt)));
    db.startServer();
    const upAt = Date.now();
    // The kills and the restart are done: the rest of the backfill at full speed.
    await gw.setFaults({});
    log(`PostgreSQL started again after ${((upAt - downAt) / 1000).toFixed(1)} s; reads while down: ${probes.join(", ")}`);
    let reported: string | null = null;
    const syncState = await waitFor("a replica to report store_unavailable", 60_000, async () => {
      for (const r of replicas) {
        const s = await syncStatus(r.app.url).catch(() => null);
        if (s?.lastError?.code === "store_unavailable") {
          reported = r.name;
          return s;
        }
      }
      return undefined;
    }, 250).catch(() => null);

    log(`${reported ?? "no replica"} reported store_unavailable`);
    // Both recover by themselves: every run published and served, no error left.
    const finished = await waitFor("both replicas to hold every run with no error", 240_000, async () => {
      if ((await sh.published()) !== expected.count) return undefined;
      const statuses: SyncStatus[] = [];
      for (const r of replicas) statuses.push(await syncStatus(r.app.url));
      return statuses.every((s) => s.runCount === expected.count && s.lastError === null && s.dataAsOf !== null) ? statuses : undefined;
    }, 500);
    const recoveredS = (Date.now() - upAt) / 1000;
    log("every run published and served by both");
    load.stop();
    const result = await load.result;
    const answers = load.answers;
    load = null;

    const inWindow = (at: number) => at >= downAt && at <= upAt + RESTART_GRACE_MS;
    const while503 = answers.filter((a) => a.status === 503 && inWindow(a.at)).length;
    const bad = answers.filter((a) => a.status >= 500 && !(a.status === 503 && inWindow(a.at)));
    const otherNon2xx = answers.filter((a) => a.status < 200 || (a.status >= 300 && a.status < 500)).length;

    // The end: PostgreSQL and each replica hold exactly the gateway's runs.
    const pgLedger = await sh.ledger();
    const diffs = [compareRuns({ rows: pgLedger.count, ids: pgLedger.ids, duplicates: pgLedger.count - pgLedger.distinct }, expected.ids)];
    const totals: string[] = [];
    for (const r of replicas) {
      diffs.push(compareRuns(await readStore(r.app.url), expected.ids));
      const t = await call<{ current: { runs: number; costs: { currency: string; cost: number }[] } }>(`${r.app.url}/api/totals`);
      const costs = new Map(t.body.current.costs.map((c) => [c.currency, c.cost]));
      const same = t.body.current.runs === expected.count && [...expected.micros].every(([c, m]) => costs.get(c) === cents(m)) && costs.size === expected.micros.size;
      if (!same) totals.push(`${r.name} /api/totals ${t.body.current.runs} runs, ${JSON.stringify(t.body.current.costs)}`);
    }
    const missing = diffs.reduce((n, d) => n + d.missing, 0);
    const extra = diffs.reduce((n, d) => n + d.extra, 0);
    const twice = diffs.reduce((n, d) => n + d.duplicates, 0);
    const costEqual = formatMicros(pgLedger.micros) === formatMicros(expected.micros);
    const lost = missing === 0 && extra === 0 && twice === 0 && costEqual ? "nothing" : `${missing} missing, ${extra} extra, ${twice} twice${costEqual ? "" : ", cost differs"}`;

    const takeoverLimitS = INTERVAL_SECONDS + 3;
    problems.push(
      ...[
        kills.length === 3 ? null : `${kills.length} kills instead of 3`,
        kills.every((k) => k.takeoverS <= takeoverLimitS) ? null : `a takeover took longer than ${takeoverLimitS} s`,
        probes.every((p) => p === "503 unavailable") ? null : `reads while PostgreSQL was down: ${probes.join(", ")}`,
        reported ? null : "no replica reported store_unavailable after PostgreSQL went away mid-sync",
        bad.length === 0 ? null : `${bad.length} 5xx answers outside PostgreSQL's restart (${[...new Set(bad.map((b) => b.status))].join(", ")})`,
        result.errors + result.timeouts === 0 ? null : `${result.errors} errors, ${result.timeouts} timeouts through the balancer`,
        otherNon2xx === 0 ? null : `${otherNon2xx} non-2xx answers other than 5xx`,
        totals.length === 0 ? null : totals.join("; "),
        lost === "nothing" ? null : `store differs from the gateway: ${lost}`,
      ].filter((p): p is string => p !== null),
    );
    void finished;
    if (problems.length > 0) {
      for (const r of replicas) {
        const lines = r.app.output().split("\n").filter((l) => /error|fail|unavailable/i.test(l));
        log(`${r.name} said:\n${lines.slice(-15).join("\n")}`);
      }
    }
    return {
      group: "replicas",
      scenario: SCENARIO,
      held: problems.length === 0,
      ...(problems.length ? { problem: problems.join("; ") } : {}),
      figures: {
        runs,
        kills: kills.map((k) => `at ${k.at.toLocaleString("en-US")} runs published, taken over in ${k.takeoverS.toFixed(1)} s`).join("; ") + ` (interval ${INTERVAL_SECONDS} s)`,
        "PostgreSQL down": `${((upAt - downAt) / 1000).toFixed(0)} s mid-sync; reads ${probes.join(", ")}; ${reported ?? "no replica"} reported ${syncState?.lastError?.code ?? "nothing"}; all runs served, no error, ${recoveredS.toFixed(0)} s after it was back`,
        load: `${answers.length} answers through the balancer (${balancer.retried()} retried on the other replica), 503 while down ${while503}, other 5xx ${bad.length}`,
        "at the end": `PostgreSQL and both replicas ${pgLedger.count.toLocaleString("en-US")} runs, ${formatMicros(pgLedger.micros)}; gateway ${expected.count.toLocaleString("en-US")}, ${formatMicros(expected.micros)}`,
      },
      lost,
    };
  } finally {
    load?.stop();
    await restarting.catch(() => {});
    await Promise.all(replicas.map((r) => r.app.stop()));
    await balancer?.close();
    await shared?.close().catch(() => {});
    await gateway?.stop();
    cluster?.stop();
  }
}

export const replicasScenario: Scenario = {
  name: "replicas",
  // Not beside the others with --ci: two app servers restarted three times under load take
  // the 2 cores' share the other scenarios need (run beside them, everything took 2.5× longer).
  async run(context: ScenarioContext): Promise<ReliabilityRow[]> {
    if (postgresBinDir() === null) {
      // .ci/run installs PostgreSQL; elsewhere a missing one is said, and fails outside --ci.
      const why = "PostgreSQL is not installed (apt-get install postgresql)";
      return [{ group: "replicas", scenario: SCENARIO, held: false, problem: why, ...(context.mode === "ci" ? { skipped: why } : {}), figures: {}, lost: "unknown" }];
    }
    try {
      return [await replicasRow(context)];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.log(`replicas failed: ${message}`);
      return [{ group: "replicas", scenario: SCENARIO, held: false, problem: message.split("\n")[0]!.slice(0, 300), figures: {}, lost: "unknown" }];
    }
  },
};
