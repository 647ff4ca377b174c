import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { getTotals } from "@/lib/analytics/totals";
import { refreshRollups } from "@/lib/analytics/rollups";
import { localDate } from "@/lib/analytics/time-zone";
import { fixtureStore, setDataInfo, type TestRun } from "@/lib/analytics/test-data";
import { withReader } from "@/lib/analytics/reader";
import { budgetActual, budgetView, computeBudgetStatus } from "./status";
import { computeBudgetStatuses } from "./batch-status";
import { computeBudgetFigures } from "./figures";
import type { Budget } from "./types";

/**
 * A budget's actual is the dashboard's total for its scope and period: checked against
 * GET /api/totals' computation and against an independent sum of the runs by their local date,
 * in three zones, for runs on both sides of month, quarter and year edges.
 */

const EDGE_RUNS: TestRun[] = [
  // 2024-03-31 23:30 UTC: March in UTC and New York, April in Berlin.
  { id: "e1", start: "2024-03-31T23:30:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "alice", runType: "Batch", status: "Succeeded", cost: "11.11", durationSec: 600 },
  // 2024-04-01 02:30 UTC: April in UTC and Berlin, still March 31 in New York.
  { id: "e2", start: "2024-04-01T02:30:00.000Z", tier: "GPU", owner: "bob", project: "beta", user: "bob", runType: "Batch", status: "Failed", cost: "22.22", durationSec: 600 },
  { id: "e3", start: "2024-04-15T12:00:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "carol", runType: "App", status: "Succeeded", cost: "0.07", durationSec: 600 },
  // 2024-04-30 22:30 UTC: April in UTC and New York, May in Berlin.
  { id: "e4", start: "2024-04-30T22:30:00.000Z", tier: "Large", owner: "bob", project: "alpha", user: "alice", runType: "Batch", status: "Succeeded", cost: "3.33", durationSec: 600 },
  // New Year: 2023-12-31 23:30 UTC is 2024 in Berlin, 2023 elsewhere.
  { id: "e5", start: "2023-12-31T23:30:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "alice", runType: "Batch", status: "Succeeded", cost: "5.55", durationSec: 600 },
  { id: "e6", start: "2024-01-01T03:00:00.000Z", tier: "Small", owner: "carol", project: "gamma", user: "carol", runType: "Batch", status: "Succeeded", cost: "0.01", durationSec: 600 },
];

let store: Store;
let conn: DuckDBConnection;
beforeAll(async () => {
  ({ store, conn } = await fixtureStore(EDGE_RUNS, { fill: true }));
  await setDataInfo(conn, 3, "2024-05-01T00:00:00.000Z");
});
afterAll(() => store.close());

const budget = (scope: string, period: Budget["period"]): Budget => ({
  id: "b",
  name: "b",
  scope,
  period,
  amount: "100.00",
  currency: "USD",
  thresholds: { actual: [50], forecast: [100] },
  channels: [],
  paused: false,
  createdAt: "",
  updatedAt: "",
  createdBy: "",
});

/** The runs' sum by local date, worked out in JS from Intl: no SQL shared with the code under test. */
function independentSum(timeZone: string, from: string, to: string, keep: (r: TestRun) => boolean): number {
  const cents = EDGE_RUNS.filter((r) => {
    const day = localDate(timeZone, Date.parse(r.start!));
    return day >= from && day <= to && keep(r);
  }).reduce((s, r) => s + Math.round(Number(r.cost) * 100), 0);
  return cents / 100;
}

const SCOPES: [string, string, (r: TestRun) => boolean][] = [
  ["the whole deployment", "", () => true],
  ["one project", "project=alice%2Falpha", (r) => r.owner === "alice" && r.project === "alpha"],
  ["a tier and a status", "status=Succeeded&tier=Small", (r) => r.tier === "Small" && r.status === "Succeeded"],
  // Alone beside the tier-and-status scope: its figures are summed from that wider grouping.
  ["one tier", "tier=Small", (r) => r.tier === "Small"],
  ["two users", "user=alice&user=bob", (r) => r.user === "alice" || r.user === "bob"],
];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York"];
const MOMENTS = ["2024-03-31T23:45:00.000Z", "2024-04-01T01:00:00.000Z", "2024-04-20T12:00:00.000Z", "2024-01-01T00:30:00.000Z"];

describe("a budget's actual equals the dashboard's total", () => {
  for (const timeZone of ZONES) {
    for (const rollups of [false, true]) {
      test(`${timeZone}, rollups ${rollups ? "built" : "absent"}`, async () => {
        if (rollups) await refreshRollups(store, timeZone, { force: true });
        let checked = 0;
        for (const [, scope, keep] of SCOPES) {
          for (const period of ["month", "quarter", "year"] as const) {
            for (const iso of MOMENTS) {
              const now = Date.parse(iso);
              const b = budget(scope, period);
              const { period: p, filters } = budgetView(b, timeZone, now);
              const actual = await withReader(store, (c) => budgetActual(c, b, timeZone, now));
              const dashboard = await getTotals(filters, { store, timeZone, now, noCache: true });
              const shown = dashboard.current.costs.find((c) => c.currency === "USD")?.cost ?? 0;
              expect(actual, `${scope} ${period} at ${iso}`).toBe(shown);
              expect(actual, `${scope} ${period} at ${iso}`).toBe(independentSum(timeZone, p.from, p.to, keep));
              // The evaluation's batched figures agree with both.
              const [batched] = await withReader(store, (c) => computeBudgetStatuses(c, [b], timeZone, now));
              expect(batched!.actual, `batched ${scope} ${period} at ${iso}`).toBe(shown);
              // And so do the alerts' cheap figures (lib/budgets/figures.ts).
              const [figures] = await withReader(store, (c) => computeBudgetFigures(c, [b], timeZone, now));
              expect(figures!.actual, `figures ${scope} ${period} at ${iso}`).toBe(shown);
              checked += 1;
            }
          }
        }
        expect(checked).toBe(SCOPES.length * 3 * MOMENTS.length);
      });
    }
  }

  test("one grouped scan gives the same figures as each budget computed alone", async () => {
    const now = Date.parse("2024-04-20T12:00:00.000Z");
    const budgets = SCOPES.flatMap(([, scope]) => (["month", "quarter", "year"] as const).map((period) => ({ ...budget(scope, period), id: `${scope}|${period}` })));
    for (const timeZone of ZONES) {
      const batched = await withReader(store, (c) => computeBudgetStatuses(c, budgets, timeZone, now));
      for (const [i, b] of budgets.entries()) {
        const alone = await withReader(store, (c) => computeBudgetStatus(c, b, timeZone, now));
        expect(batched[i]!.actual, b.id).toBe(alone.actual);
        expect(batched[i]!.forecast, b.id).toBeCloseTo(alone.forecast, 1);
        expect(batched[i]!.state, b.id).toBe(alone.state);
      }
      // The alerts' figures: the same actual, and the same point forecast from 12 weeks only.
      const figures = await withReader(store, (c) => computeBudgetFigures(c, budgets, timeZone, now));
      for (const [i, b] of budgets.entries()) {
        expect(figures[i]!.actual, b.id).toBe(batched[i]!.actual);
        expect(figures[i]!.forecast, b.id).toBeCloseTo(batched[i]!.forecast, 2);
      }
    }
  });

  test("the month edge puts a run in different months in different zones", () => {
    const b = budget("", "month");
    const now = Date.parse("2024-03-31T23:45:00.000Z");
    expect(budgetView(b, "UTC", now).period.from).toBe("2024-03-01");
    expect(budgetView(b, "Europe/Berlin", now).period.from).toBe("2024-04-01");
    expect(independentSum("UTC", "2024-03-01", "2024-03-31", () => true)).toBe(11.11);
    expect(independentSum("America/New_York", "2024-03-01", "2024-03-31", () => true)).toBe(33.33);
  });
});
