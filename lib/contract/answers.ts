import { z } from "zod";
import { API_ERROR_STATUS, type ApiErrorCode } from "@/lib/api/errors";
import { INTERVALS } from "./days";
import { DIMENSIONS } from "./dimensions";
import { BREAKDOWN_ORDERS, RUN_SORTS, RUNNING_SORTS, SORT_DIRS } from "./sorts";
import { RULE_KINDS } from "@/lib/teams/rules";

/**
 * What each route answers, as zod schemas: importable by the server and the browser (zod,
 * lib/api/errors and the pure lib/teams/rules only), and the source of the OpenAPI document's answer schemas. Objects the
 * server extends over time (a run's gateway fields, a statement's sections) are loose: the
 * fields named here must be there with these types, more may follow. The types the server
 * builds its answers with and the browser reads them with are inferred from these.
 */

const isoTime = z.string().meta({ description: "ISO-8601 UTC instant" });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: "local day, YYYY-MM-DD" });
const dir = z.enum(SORT_DIRS);
const dimension = z.enum(DIMENSIONS);
const interval = z.enum(INTERVALS);

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: "Error", description: "Every error: `code` fixes the status (lib/api/errors.ts)." });

/** A set-up or import with several problems: the error body plus every problem. */
export const problemsBody = errorBody
  .extend({ problems: z.array(z.object({ field: z.string(), message: z.string() }).loose()) })
  .meta({ id: "Problems" });

/** What every analytics answer carries besides its own figures. */
const envelope = {
  dataVersion: z.number().int(),
  /** When the last successful sync finished; null before the first one. */
  dataAsOf: isoTime.nullable(),
  /** The IANA zone that days, weeks, months and from/to are reckoned in. */
  timeZone: z.string(),
};

const currencyTotals = z.object({
  currency: z.string(),
  cost: z.number(),
  /** Cost of runs that ended Failed or Error ("Failed & errored"; Stopped is a normal end). */
  wastedCost: z.number(),
});
const totals = z
  .object({
    runs: z.number().int(),
    computeHours: z.number(),
    /** One entry per currency, largest cost first; amounts of different currencies never mix. */
    costs: z.array(currencyTotals),
  })
  .meta({ id: "Totals" });

const period = z.object({ from: day.nullable(), to: day.nullable() });
const totalsBody = z
  .object({
    /** The dates compared; `to` is today (in the zone) when only `from` was given. Null for all time. */
    period: period.nullable(),
    /** The same number of days just before `period`; null unless `from` was given. */
    previousPeriod: z.object({ from: day, to: day }).nullable(),
    current: totals,
    previous: totals.nullable(),
  })
  .meta({ id: "TotalsBody" });
export const totalsAnswer = totalsBody.extend(envelope).meta({ id: "TotalsAnswer" });

const breakdownRow = z.object({
  key: z.string(),
  currency: z.string(),
  runs: z.number().int(),
  computeHours: z.number(),
  cost: z.number(),
  /** This row's part (0..1) of its currency's total cost. */
  share: z.number(),
  /** Cost per run, rounded to 6 decimals. */
  averageCost: z.number(),
  /** Cost of the row's Failed and Error runs. */
  wastedCost: z.number(),
  /** Tiers: the price per minute of the tier's most recent run. */
  pricePerMinute: z.number().optional(),
  /** Projects: the owner's name. */
  owner: z.string().optional(),
});

const breakdownBody = z
  .object({
    by: dimension,
    sort: z.enum(BREAKDOWN_ORDERS),
    dir,
    limit: z.number().int(),
    rows: z.array(breakdownRow),
    totals,
    /** Rows before the limit: one per (key, currency). */
    totalRows: z.number().int(),
  })
  .meta({ id: "BreakdownBody" });
export const breakdownAnswer = breakdownBody.extend(envelope).meta({ id: "BreakdownAnswer" });

const bucket = z.object({
  /** First local day of the bucket (weeks start on Monday). */
  start: day,
  /** Cost in `currency`. */
  total: z.number(),
  /** Runs of every currency that started in the bucket. */
  runs: z.number().int(),
  /** Cost in `currency` per key of `keys`, 0 where none. */
  values: z.record(z.string(), z.number()),
});
const timeseriesBody = z
  .object({
    interval,
    stackBy: dimension,
    top: z.number().int(),
    /** The currency of every amount; the one with the largest total unless asked for. Null with no runs. */
    currency: z.string().nullable(),
    /** The top keys by cost, then `otherKey` when other keys exist. */
    keys: z.array(z.string()),
    /** The key that stands for every key outside the top: "Other" unless a real key has that name. */
    otherKey: z.string().nullable(),
    /** The local dates covered: from/to, or the first and last run's. Null with no runs and no dates. */
    range: z.object({ from: day, to: day }).nullable(),
    buckets: z.array(bucket),
  })
  .meta({ id: "TimeseriesBody" });
export const timeseriesAnswer = timeseriesBody.extend(envelope).meta({ id: "TimeseriesAnswer" });

/** As the gateway sent it (stored as its JSON): these fields, and whatever else Domino adds. */
const computeClusterDetails = z
  .object({
    computeClusterType: z.string(),
    workerCount: z.number(),
    workerHardwareTierId: z.string(),
    workerHardwareTierCostPerMinute: z.number(),
    masterHardwareTierId: z.string().nullable(),
    masterHardwareTierCostPerMinute: z.number().nullable(),
  })
  .loose();

/** A run as stored: the gateway's fields (loose: every field of the export), plus where it counts. */
const runRow = z
  .object({
    batchId: z.string(),
    runId: z.string(),
    title: z.string(),
    command: z.string(),
    status: z.string(),
    runType: z.string(),
    userName: z.string(),
    userId: z.string(),
    projectOwnerName: z.string(),
    projectOwnerId: z.string(),
    projectName: z.string(),
    projectId: z.string(),
    runDurationSec: z.number(),
    hardwareTier: z.string(),
    hardwareTierCostCurrency: z.string(),
    /** The tier's price per minute, not the run's cost. */
    hardwareTierCostAmount: z.number(),
    queuedTime: isoTime,
    startTime: isoTime.nullable(),
    endTime: isoTime.nullable(),
    totalCostCurrency: z.string(),
    totalCostAmount: z.number(),
    computeClusterDetails: computeClusterDetails.nullable(),
    /** startTime, else queuedTime: the moment the run counts at. */
    startedAt: isoTime,
    computeHours: z.number(),
    /** owner/name */
    projectKey: z.string(),
    /** Not finished when last read; its figures may still grow. */
    inFlight: z.boolean(),
  })
  .loose();

export const runsAnswer = z
  .object({
    ...envelope,
    sort: z.enum(RUN_SORTS),
    dir,
    offset: z.number().int(),
    limit: z.number().int(),
    /** Runs matching the filters, over all pages. */
    total: z.number().int(),
    rows: z.array(runRow),
  })
  .meta({ id: "RunsAnswer" });

const facetValue = z.object({ value: z.string(), runs: z.number().int(), cost: z.number() });
export const facetsAnswer = z
  .object({
    ...envelope,
    dim: dimension,
    /** The value search, lower-cased; null for none. */
    q: z.string().nullable(),
    /** The currency of `cost`: the one with the largest total unless asked for. Null with no runs. */
    currency: z.string().nullable(),
    values: z.array(facetValue),
    /** Values matching, over the limit too. */
    total: z.number().int(),
  })
  .meta({ id: "FacetsAnswer" });

const runningCurrency = z.object({
  currency: z.string(),
  /** Sum of the runs' cost so far, to the cent. */
  cost: z.number(),
  /** Sum of their hourly rates, to the cent. */
  costPerHour: z.number(),
  /** What the long-running ones cost per day at their rates, to the cent. */
  longRunningCostPerDay: z.number(),
});
const runningRow = z.object({
  runId: z.string(),
  batchId: z.string(),
  title: z.string(),
  status: z.string(),
  runType: z.string(),
  userName: z.string(),
  projectKey: z.string(),
  hardwareTier: z.string(),
  /** When it started; null while queued. */
  startTime: isoTime.nullable(),
  queuedTime: isoTime,
  /** The moment it counts at: startTime, else queuedTime. */
  startedAt: isoTime,
  /** How long it had run at the last sync, in seconds. */
  runSeconds: z.number(),
  currency: z.string(),
  /** Cost accrued so far (6 decimals, as stored). */
  cost: z.number(),
  /** What an hour of it costs: cost so far over its run time, or the tier's price while queued (6 decimals). */
  costPerHour: z.number(),
  /** Run longer than its type's threshold (LONG_RUN_HOURS, LONG_RUN_HOURS_BY_TYPE). */
  longRunning: z.boolean(),
  /** That threshold, in hours. */
  longRunHours: z.number(),
});

const longRunRule = z.object({ hours: z.number(), byType: z.record(z.string(), z.number()) });

const runningBody = z
  .object({
    sort: z.enum(RUNNING_SORTS),
    dir,
    offset: z.number().int(),
    limit: z.number().int(),
    /** Runs in flight matching the filters. */
    total: z.number().int(),
    /** Of which long-running. */
    longRunning: z.number().int(),
    /** Per currency, largest cost first. */
    costs: z.array(runningCurrency),
    /** The rule the mark uses. */
    longRunRule,
    rows: z.array(runningRow),
  });

export const runningAnswer = runningBody.extend(envelope).meta({ id: "RunningAnswer" });

export const overviewAnswer = z
  .object({
    ...envelope,
    totals: totalsBody,
    series: timeseriesBody,
    top: z.object({ hardwareTier: breakdownBody, project: breakdownBody, user: breakdownBody, team: breakdownBody }),
    /** The runs in flight: /api/running's summary (limit 0), so the page asks once per change. */
    running: runningBody,
  })
  .meta({ id: "OverviewAnswer" });

const forecastPoint = z.object({
  date: day,
  /** Expected cost of the day, and its share of the 80 % interval. */
  expected: z.number(),
  low: z.number(),
  high: z.number(),
  /** Spent so far plus the expected cost up to and including this day (what a chart draws). */
  cumulative: z.number(),
  cumulativeLow: z.number(),
  cumulativeHigh: z.number(),
});

export const forecastAnswer = z
  .object({
    ...envelope,
    period: z.object({ kind: z.enum(["month", "quarter", "year"]), from: day, to: day, label: z.string() }),
    /** The currency of every amount (the runs'); null when the scope has no runs. */
    currency: z.string().nullable(),
    /** Today in the zone: days before it are complete, its own runs so far count as spent. */
    today: day,
    /** Spent in the period so far: the dashboard's total for the scope and period (totals.ts). */
    spent: z.number(),
    /** Expected total at the period's end, with its 80 % interval. */
    forecast: z.number(),
    low: z.number(),
    high: z.number(),
    /** What runs in flight are expected to add (included in forecast). */
    inFlight: z.number(),
    interval: z.enum(["calibrated", "residual"]),
    /** Per day from today to the period's end: expected cost and cumulative totals. */
    series: z.array(forecastPoint),
    /** Per day of the period before today: its cost and the cumulative spend (for charts). */
    actual: z.array(z.object({ date: day, cost: z.number(), cumulative: z.number() })),
  })
  .meta({ id: "ForecastAnswer" });

const syncError = z.object({ code: z.string(), message: z.string(), at: isoTime });

export const syncStatusAnswer = z
  .object({
    running: z.boolean(),
    kind: z.enum(["backfill", "incremental", "resync"]).nullable(),
    progress: z
      .object({ runsStored: z.number(), pages: z.number(), runsPerSecond: z.number(), percent: z.number().nullable(), etaSeconds: z.number().nullable() })
      .nullable(),
    dataAsOf: isoTime.nullable(),
    dataVersion: z.number().int(),
    runCount: z.number().int(),
    rejectedRuns: z.number().int(),
    lastError: syncError.nullable(),
  })
  .meta({ id: "SyncStatus" });

export const syncStartedAnswer = syncStatusAnswer.extend({ started: z.boolean() }).meta({ id: "SyncStarted" });

/** Anyone gets `status`; an admin also gets the store, sync and gateway details. */
export const healthAnswer = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    mode: z.enum(["demo", "domino"]).optional(),
    store: z.object({ ok: z.boolean() }).loose().optional(),
    sync: z.object({ running: z.boolean() }).loose().optional(),
    gateway: z.object({ mode: z.string(), host: z.string(), lastError: syncError.nullable() }).optional(),
  })
  .meta({ id: "Health" });

export const meAnswer = z
  .object({
    mode: z.enum(["none", "password", "proxy"]),
    kind: z.enum(["admin", "viewer", "token", "share", "anonymous"]),
    user: z.string().optional(),
    canSignOut: z.boolean().optional(),
    share: z.object({ page: z.string(), expiresAt: isoTime, csv: z.boolean() }).optional(),
  })
  .meta({ id: "Me" });

export const signInAnswer = z.object({ ok: z.literal(true), next: z.string(), role: z.enum(["admin", "viewer"]), expiresAt: isoTime });
export const okAnswer = z.object({ ok: z.literal(true) });

const budget = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.string(),
    period: z.enum(["month", "quarter", "year"]),
    amount: z.string().regex(/^\d+\.\d{2}$/),
    currency: z.string(),
    thresholds: z.object({ actual: z.array(z.number()), forecast: z.array(z.number()) }),
    channels: z.array(z.union([z.object({ type: z.literal("webhook"), url: z.string() }), z.object({ type: z.literal("email"), to: z.string() })])),
    paused: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
    createdBy: z.string(),
  })
  .meta({ id: "Budget" });

export const budgetStatus = z
  .object({
    budget,
    period: z.object({ from: day, to: day, label: z.string() }),
    actual: z.number(),
    forecast: z.number(),
    forecastLow: z.number(),
    forecastHigh: z.number(),
    actualShare: z.number(),
    forecastShare: z.number(),
    state: z.enum(["on track", "at risk", "over"]),
    cumulative: z.array(z.object({ date: day, actual: z.number().nullable(), forecast: z.number().nullable() })),
    dashboardPath: z.string(),
  })
  .meta({ id: "BudgetStatus" });

export const budgetsAnswer = z.object({ budgets: z.array(budgetStatus) }).meta({ id: "BudgetsAnswer" });
export const budgetAnswer = z.object({ budget });

export const deliveriesAnswer = z
  .object({
    deliveries: z.array(
      z
        .object({
          id: z.string(),
          budgetId: z.string(),
          budgetName: z.string(),
          periodFrom: z.string(),
          thresholdKind: z.enum(["actual", "forecast"]),
          thresholdPct: z.number(),
          channelType: z.enum(["webhook", "email"]),
          channelTarget: z.string(),
          status: z.string(),
          tries: z.number().int(),
          lastError: z.string().nullable(),
        })
        .loose(),
    ),
  })
  .meta({ id: "DeliveriesAnswer" });

const tie = z.object({ projectKey: z.string(), user: z.string(), teams: z.string(), runs: z.number().int() });
const team = z.object({ name: z.string(), costCentre: z.string().nullable(), managerEmail: z.string().nullable() });
const teamRule = z.object({ team: z.string(), kind: z.enum(RULE_KINDS), pattern: z.string() });
const teamsConfig = { teams: z.array(team), rules: z.array(teamRule) };
/** Runs a rule change would move from one team to another (the preview). */
const teamMove = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  runs: z.number().int(),
  cost: z.number(),
  lastMonthCost: z.number(),
});

export const teamsAnswer = z.object({ ...teamsConfig, conflicts: z.array(tie) }).meta({ id: "TeamsAnswer" });
export const teamsImportAnswer = z.object({ config: z.object(teamsConfig) });
export const teamsPreviewAnswer = z
  .object({ lastMonth: z.string(), moves: z.array(teamMove), runsMoved: z.number().int(), conflicts: z.array(tie) })
  .meta({ id: "TeamsPreview" });
export const teamsSavedAnswer = z.object({ saved: z.literal(true), identities: z.number().int(), runsChanged: z.number().int(), ms: z.number() });

const statement = z
  .object({
    period: z.object({ key: z.string(), kind: z.enum(["month", "quarter"]), from: day, to: day, label: z.string() }),
    timeZone: z.string(),
    sections: z.array(z.object({}).loose()),
  })
  .meta({ id: "Statement" });

export const chargebackAnswer = z
  .object({
    statement,
    closed: z.object({ by: z.string(), at: isoTime }).nullable(),
    changes: z.object({}).loose().nullable(),
    history: z.array(z.object({}).loose()),
  })
  .meta({ id: "ChargebackAnswer" });

export const chargebackClosedAnswer = z.object({ period: z.string(), closedBy: z.string(), closedAt: isoTime });
export const chargebackReopenedAnswer = z.object({ period: z.string(), reopened: z.literal(true) });
export const sharedCostCreatedAnswer = z.object({ id: z.string() });

const auditRow = z.object({
  at: isoTime,
  user: z.string().nullable(),
  role: z.string().nullable(),
  address: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.string(),
  detail: z.string().nullable(),
});

/** One audit log row, as the API and the CSV give it (the server's type and the browser's). */
export type AuditRow = z.infer<typeof auditRow>;

export const auditAnswer = z
  .object({ rows: z.array(auditRow), users: z.array(z.string()), timeZone: z.string() })
  .loose()
  .meta({ id: "AuditAnswer" });

export const sessionsAnswer = z
  .object({
    sessions: z.array(
      z.object({
        id: z.string(),
        user: z.string(),
        role: z.string(),
        address: z.string().nullable(),
        createdAt: isoTime,
        lastSeenAt: isoTime,
        expiresAt: isoTime,
        current: z.boolean(),
      }),
    ),
    idleMinutes: z.number(),
  })
  .meta({ id: "SessionsAnswer" });

export const sessionsEndedAnswer = z.object({ ended: z.number().int() });

const shareLink = z.object({
  id: z.string(),
  page: z.string(),
  query: z.string(),
  csv: z.boolean(),
  createdAt: isoTime,
  expiresAt: isoTime,
  createdBy: z.string(),
  revokedAt: isoTime.nullable(),
  state: z.enum(["active", "revoked", "expired"]),
  path: z.string().nullable(),
});

export const shareLinksAnswer = z.object({ links: z.array(shareLink) }).meta({ id: "ShareLinksAnswer" });
export const shareLinkCreatedAnswer = z.object({
  id: z.string(),
  path: z.string(),
  page: z.string(),
  query: z.string(),
  csv: z.boolean(),
  expiresAt: isoTime,
});

// The answers' types, for the code that builds them and the code that reads them.
export type Envelope = Pick<z.infer<typeof totalsAnswer>, keyof typeof envelope>;
/** An answer without its envelope: what a computation returns. */
export type Body<A> = Omit<A, keyof Envelope>;
export type CurrencyTotals = z.infer<typeof currencyTotals>;
export type Totals = z.infer<typeof totals>;
export type Period = z.infer<typeof period>;
export type TotalsBody = z.infer<typeof totalsBody>;
export type TotalsAnswer = z.infer<typeof totalsAnswer>;
export type BreakdownRow = z.infer<typeof breakdownRow>;
export type BreakdownBody = z.infer<typeof breakdownBody>;
export type BreakdownAnswer = z.infer<typeof breakdownAnswer>;
export type Bucket = z.infer<typeof bucket>;
export type TimeseriesBody = z.infer<typeof timeseriesBody>;
export type TimeseriesAnswer = z.infer<typeof timeseriesAnswer>;
export type ComputeClusterDetails = z.infer<typeof computeClusterDetails>;
export type RunRow = z.infer<typeof runRow>;
export type RunsAnswer = z.infer<typeof runsAnswer>;
export type FacetValue = z.infer<typeof facetValue>;
export type FacetsAnswer = z.infer<typeof facetsAnswer>;
export type OverviewAnswer = z.infer<typeof overviewAnswer>;
export type OverviewTop = keyof OverviewAnswer["top"];
export type RunningRow = z.infer<typeof runningRow>;
export type RunningAnswer = z.infer<typeof runningAnswer>;
export type SyncStatus = z.infer<typeof syncStatusAnswer>;
export type ForecastPoint = z.infer<typeof forecastPoint>;
export type ForecastAnswer = z.infer<typeof forecastAnswer>;
export type ForecastBody = Body<ForecastAnswer>;
export type TeamsAnswer = z.infer<typeof teamsAnswer>;
export type TeamsPreview = z.infer<typeof teamsPreviewAnswer>;
