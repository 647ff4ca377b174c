import { z } from "zod";
import { API_ERROR_STATUS, type ApiErrorCode } from "@/lib/api/errors";

/**
 * What each route answers, as zod schemas: importable by the server and the browser (zod and
 * lib/api/errors only), and the source of the OpenAPI document's answer schemas. Objects the
 * server extends over time (a run's gateway fields, a statement's sections) are loose: the
 * fields named here must be there with these types, more may follow.
 */

const isoTime = z.string().meta({ description: "ISO-8601 UTC instant" });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: "local day, YYYY-MM-DD" });
const dir = z.enum(["asc", "desc"]);

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

const envelope = {
  dataVersion: z.number().int(),
  dataAsOf: isoTime.nullable(),
  timeZone: z.string(),
};

const currencyTotals = z.object({ currency: z.string(), cost: z.number(), wastedCost: z.number() });
const totals = z.object({ runs: z.number().int(), computeHours: z.number(), costs: z.array(currencyTotals) }).meta({ id: "Totals" });

const totalsBody = z
  .object({
    period: z.object({ from: day.nullable(), to: day.nullable() }).nullable(),
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
  share: z.number(),
  averageCost: z.number(),
  wastedCost: z.number(),
  pricePerMinute: z.number().optional(),
  owner: z.string().optional(),
});

const breakdownBody = z
  .object({
    by: z.string(),
    sort: z.string(),
    dir,
    limit: z.number().int(),
    rows: z.array(breakdownRow),
    totals,
    totalRows: z.number().int(),
  })
  .meta({ id: "BreakdownBody" });
export const breakdownAnswer = breakdownBody.extend(envelope).meta({ id: "BreakdownAnswer" });

const timeseriesBody = z
  .object({
    interval: z.enum(["day", "week", "month"]),
    stackBy: z.string(),
    top: z.number().int(),
    currency: z.string().nullable(),
    keys: z.array(z.string()),
    otherKey: z.string().nullable(),
    range: z.object({ from: day, to: day }).nullable(),
    buckets: z.array(z.object({ start: day, total: z.number(), runs: z.number().int(), values: z.record(z.string(), z.number()) })),
  })
  .meta({ id: "TimeseriesBody" });
export const timeseriesAnswer = timeseriesBody.extend(envelope).meta({ id: "TimeseriesAnswer" });

/** A run as stored: the gateway's fields (loose: every field of the export), plus where it counts. */
const runRow = z
  .object({
    runId: z.string(),
    batchId: z.string(),
    title: z.string(),
    status: z.string(),
    runType: z.string(),
    userName: z.string(),
    hardwareTier: z.string(),
    queuedTime: isoTime,
    startTime: isoTime.nullable(),
    endTime: isoTime.nullable(),
    totalCostCurrency: z.string(),
    totalCostAmount: z.number(),
    startedAt: isoTime,
    computeHours: z.number(),
    projectKey: z.string(),
    inFlight: z.boolean(),
  })
  .loose();

export const runsAnswer = z
  .object({
    ...envelope,
    sort: z.string(),
    dir,
    offset: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    rows: z.array(runRow),
  })
  .meta({ id: "RunsAnswer" });

export const facetsAnswer = z
  .object({
    ...envelope,
    dim: z.string(),
    q: z.string().nullable(),
    currency: z.string().nullable(),
    values: z.array(z.object({ value: z.string(), runs: z.number().int(), cost: z.number() })),
    total: z.number().int(),
  })
  .meta({ id: "FacetsAnswer" });

export const overviewAnswer = z
  .object({
    ...envelope,
    totals: totalsBody,
    series: timeseriesBody,
    top: z.record(z.string(), breakdownBody),
  })
  .meta({ id: "OverviewAnswer" });

const longRunRule = z.object({ hours: z.number(), byType: z.record(z.string(), z.number()) });

export const runningAnswer = z
  .object({
    ...envelope,
    sort: z.string(),
    dir,
    offset: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    longRunning: z.number().int(),
    costs: z.array(z.object({ currency: z.string(), cost: z.number(), costPerHour: z.number(), longRunningCostPerDay: z.number() })),
    longRunRule,
    rows: z.array(
      z.object({
        runId: z.string(),
        batchId: z.string(),
        title: z.string(),
        status: z.string(),
        runType: z.string(),
        userName: z.string(),
        projectKey: z.string(),
        hardwareTier: z.string(),
        startTime: isoTime.nullable(),
        queuedTime: isoTime,
        startedAt: isoTime,
        runSeconds: z.number(),
        currency: z.string(),
        cost: z.number(),
        costPerHour: z.number(),
        longRunning: z.boolean(),
        longRunHours: z.number(),
      }),
    ),
  })
  .meta({ id: "RunningAnswer" });

export const forecastAnswer = z
  .object({
    ...envelope,
    period: z.object({ kind: z.enum(["month", "quarter", "year"]), from: day, to: day, label: z.string() }),
    currency: z.string().nullable(),
    today: day,
    spent: z.number(),
    forecast: z.number(),
    low: z.number(),
    high: z.number(),
    inFlight: z.number(),
    interval: z.enum(["calibrated", "residual"]),
    series: z.array(
      z.object({
        date: day,
        expected: z.number(),
        low: z.number(),
        high: z.number(),
        cumulative: z.number(),
        cumulativeLow: z.number(),
        cumulativeHigh: z.number(),
      }),
    ),
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
const teamsConfig = { teams: z.array(z.object({ name: z.string() }).loose()), rules: z.array(z.object({ team: z.string() }).loose()) };

export const teamsAnswer = z.object({ ...teamsConfig, conflicts: z.array(tie) }).meta({ id: "TeamsAnswer" });
export const teamsImportAnswer = z.object({ config: z.object(teamsConfig) });
export const teamsPreviewAnswer = z
  .object({ lastMonth: z.string(), moves: z.array(z.object({}).loose()), runsMoved: z.number().int(), conflicts: z.array(tie) })
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
