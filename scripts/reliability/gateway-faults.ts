import path from "node:path";
import { simulatedRun } from "../../lib/gateway/simulator/index";
import { expectedRunIds, GATEWAY_KEY, momentWithRuns, startGateway, type Faults, type Gateway } from "./gateway";
import type { SyncStatus } from "../../lib/contract/answers";
import { call, compareRuns, readStore, requestSync, syncStatus, waitFor, waitIdle } from "./http";
import { sleep, startApp, type AppServer } from "./processes";
import { ms, percentile, sized, type Mode, type ReliabilityRow, type Scenario, type ScenarioContext } from "./report";

/**
 * The gateway misbehaving while the dashboard syncs from it: down, 500s for a minute, slow
 * pages, cut-short and malformed bodies, a run missing a required field. Each case has its own
 * gateway and server (run side by side): the store first holds a backfill, then new runs
 * appear and the fault starts. Throughout, the dashboard must answer from what it holds (never
 * fewer runs than before), the sync state must say what is wrong, and once the gateway is well
 * again the server must catch up by itself (its own schedule, SYNC_INTERVAL=1) with the store
 * equal to what the gateway shows: no run missing, none extra, none twice.
 */

interface FaultCase {
  name: (mode: Mode) => string;
  faults: (gateway: Gateway, mode: Mode) => Faults;
  /** How long the fault lasts after the sync is asked for. */
  holdMs: (mode: Mode) => number;
  /** What /api/sync must show while the fault lasts. */
  expect: "error" | "running" | "rejected" | "any";
  /** The lastError code that "error" needs. */
  code?: string;
}

const NEW_RUNS = 2_500;

// --ci shortens the phases: 500s for 15 s instead of a minute, 5 s a page instead of 10. What
// they prove stays the same (the error shown, the sync still running, recovery by itself).
const ERROR_SECONDS = (mode: Mode) => sized(mode, { full: 60, quick: 30, ci: 15 });
const SLOW_PAGE_MS = (mode: Mode) => sized(mode, { full: 10_000, quick: 10_000, ci: 5_000 });
const seconds = (s: number) => (s === 60 ? "a minute" : `${s} s`);

const CASES: FaultCase[] = [
  {
    name: () => "gateway down for the whole sync",
    faults: () => ({ down: true }),
    // Long enough for every retry of the sync (six tries over at most ~15 s) to fail.
    holdMs: (m) => sized(m, { full: 40_000, quick: 40_000, ci: 20_000 }),
    expect: "error",
    code: "upstream_unavailable",
  },
  {
    name: (m) => `gateway answering 500 for ${seconds(ERROR_SECONDS(m))}, then well`,
    faults: () => ({ status: 500 }),
    holdMs: (m) => ERROR_SECONDS(m) * 1000,
    expect: "error",
    code: "upstream_unavailable",
  },
  {
    name: (m) => `gateway answering slowly (${SLOW_PAGE_MS(m) / 1000} s a page)`,
    faults: (_g, m) => ({ latencyMs: SLOW_PAGE_MS(m) }),
    holdMs: (m) => sized(m, { full: 35_000, quick: 35_000, ci: 12_000 }),
    expect: "running",
  },
  {
    name: () => "truncated and malformed JSON (30% + 30% of pages)",
    faults: () => ({ truncateRate: 0.3, malformedRate: 0.3 }),
    holdMs: (m) => sized(m, { full: 30_000, quick: 30_000, ci: 15_000 }),
    expect: "any",
  },
  {
    name: () => "a page with a run missing a required field",
    faults: (g) => ({ dropField: { runId: simulatedRun(g.spec.runs - 7, g.spec)!.runId, field: "totalCostAmount" } }),
    holdMs: (m) => sized(m, { full: 15_000, quick: 15_000, ci: 10_000 }),
    expect: "rejected",
  },
];

interface Totals {
  current: { runs: number; costs: { currency: string; cost: number }[] };
}

async function runCase(c: FaultCase, context: ScenarioContext, index: number): Promise<ReliabilityRow> {
  const runs = sized(context.mode, { full: 100_000, quick: 20_000, ci: 5_000 });
  const gateway = await startGateway({ runs, seed: 100 + index });
  const before = momentWithRuns(gateway.spec, runs - NEW_RUNS);
  await gateway.setClock(before);
  let app: AppServer | null = null;
  const log = (m: string) => context.log(`faults/${index + 1}: ${m}`);
  try {
    app = await startApp({ dataDir: path.join(context.workDir, `case-${index}`), gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY, syncInterval: 1 });
    const base = app.url;
    const backfilled = await waitFor("the backfill", 180_000, async () => {
      const s = await syncStatus(base);
      return !s.running && s.dataAsOf !== null ? s : undefined;
    });
    const baseline = (await call<Totals>(`${base}/api/totals`)).body.current.runs;
    if (backfilled.lastError || baseline !== backfilled.runCount) throw new Error(`backfill: ${JSON.stringify(backfilled.lastError)} runs ${baseline}`);

    const faults = c.faults(gateway, context.mode);
    await gateway.setFaults(faults);
    await gateway.setClock(gateway.spec.anchorMs);
    const asked = await requestSync(base);
    if (asked.status !== 202 && asked.status !== 200) throw new Error(`POST /api/sync answered ${asked.status}`);

    // While the fault lasts: the dashboard answers from the store, and the sync state says what is wrong.
    const latencies: number[] = [];
    let failures = 0;
    let fewer = 0;
    const seen = new Set<string>();
    let lastStatus: SyncStatus | null = null;
    const until = Date.now() + c.holdMs(context.mode);
    while (Date.now() < until) {
      for (const route of ["/api/totals", "/api/breakdown?by=hardwareTier", "/api/runs?limit=20", "/api/health"]) {
        const answer = await call<Totals>(`${base}${route}`);
        latencies.push(answer.ms);
        if (answer.status !== 200) failures++;
        if (route === "/api/totals" && answer.status === 200 && answer.body.current.runs < baseline) fewer++;
      }
      lastStatus = await syncStatus(base);
      if (lastStatus.running) seen.add(`running ${lastStatus.kind}`);
      if (lastStatus.lastError) seen.add(`error ${lastStatus.lastError.code}`);
      await sleep(500);
    }
    const errorMessage = lastStatus?.lastError?.message ?? "";
    const rejectedRunId = faults.dropField?.runId;
    let stateOk: boolean;
    let stateText: string;
    if (c.expect === "error") {
      stateOk = seen.has(`error ${c.code}`) && errorMessage.length > 20;
      stateText = lastStatus?.lastError ? `${lastStatus.lastError.code}: "${errorMessage.slice(0, 90)}"` : [...seen].join(", ") || "nothing";
    } else if (c.expect === "running") {
      stateOk = seen.has("running incremental");
      stateText = [...seen].join(", ") || "nothing";
    } else if (c.expect === "rejected") {
      const health = await call<{ store: { rejectedRuns: number; rejectedSample: { runId: string | null; reason: string }[] } }>(`${base}/api/health`);
      const listed = health.body.store.rejectedSample.find((r) => r.runId === rejectedRunId);
      stateOk = lastStatus?.lastError === null && health.body.store.rejectedRuns === 1 && listed !== undefined;
      stateText = listed ? `rejected ${listed.runId}: "${listed.reason}"` : `rejected ${health.body.store.rejectedRuns}, not listed`;
    } else {
      stateOk = true;
      stateText = [...seen].join(", ") || "finished";
    }

    // The gateway is well again: the server catches up on its own (no request from here on),
    // except for the rejected run, which only a full re-sync reads again.
    const healed = Date.now();
    await gateway.setFaults({});
    const expectedCount = runs - (c.expect === "rejected" ? 1 : 0);
    const recovered = await waitFor("recovery", 200_000, async () => {
      const s = await syncStatus(base);
      return !s.running && s.lastError === null && s.runCount === expectedCount && Date.parse(s.dataAsOf ?? "") >= healed - 60_000 ? s : undefined;
    }, 1_000);
    const recoverySeconds = (Date.now() - healed) / 1000;
    let resync = "";
    if (c.expect === "rejected") {
      const full = await requestSync(base, true);
      if (full.status !== 202) throw new Error(`POST /api/sync {"full": true} answered ${full.status}`);
      let minimum = Infinity;
      await waitFor("the full re-sync", 180_000, async () => {
        const totals = await call<Totals>(`${base}/api/totals`);
        minimum = Math.min(minimum, totals.body.current.runs);
        const s = await syncStatus(base);
        return !s.running && s.runCount === runs && s.rejectedRuns === 0 ? s : undefined;
      });
      resync = minimum >= runs - 1 ? "full re-sync read it back; never fewer runs shown meanwhile" : `runs shown fell to ${minimum} during the re-sync`;
      if (minimum < runs - 1) fewer++;
    }
    void recovered;
    const store = await readStore(base);
    const diff = compareRuns(store, expectedRunIds(gateway.spec, gateway.spec.anchorMs));
    const stats = await gateway.stats();
    const lost = diff.missing === 0 && diff.extra === 0 && diff.duplicates === 0 ? "nothing" : `${diff.missing} missing, ${diff.extra} extra, ${diff.duplicates} twice`;
    const problems = [
      failures > 0 ? `${failures} dashboard requests failed during the fault` : null,
      fewer > 0 ? `the dashboard showed fewer runs than stored ${fewer} times` : null,
      stateOk ? null : `sync state not clear: ${stateText}`,
      lost === "nothing" ? null : `store differs: ${lost}`,
    ].filter(Boolean);
    log(`${c.name(context.mode)}: ${problems.length ? problems.join("; ") : "held"}`);
    return {
      group: "faults",
      scenario: c.name(context.mode),
      held: problems.length === 0,
      ...(problems.length ? { problem: problems.join("; ") } : {}),
      figures: {
        runs: runs,
        "dashboard during": `${latencies.length} requests, ${failures} failed, p95 ${ms(percentile(latencies, 95))}`,
        "sync state": stateText,
        "recovered by itself in": `${recoverySeconds.toFixed(0)} s`,
        ...(resync ? { then: resync } : {}),
        "gateway faults": Object.entries(stats)
          .filter(([k, v]) => k !== "nowMs" && v > 0)
          .map(([k, v]) => `${k} ${v}`)
          .join(" ") || "none",
      },
      lost,
    };
  } finally {
    await app?.stop();
    await gateway.stop();
  }
}

export const gatewayFaultsScenario: Scenario = {
  name: "gateway-faults",
  mostlyWaits: true,
  async run(context: ScenarioContext): Promise<ReliabilityRow[]> {
    // Side by side: most of each case is waiting on a fault or on the server's schedule.
    const results = await Promise.allSettled(CASES.map((c, i) => runCase(c, context, i)));
    return results.map((r, i) =>
      r.status === "fulfilled"
        ? r.value
        : { group: "faults", scenario: CASES[i]!.name(context.mode), held: false, problem: String(r.reason instanceof Error ? r.reason.message : r.reason).slice(0, 300), figures: {}, lost: "unknown" },
    );
  },
};
