import { z } from "zod";
import type { ApiErrorCode } from "@/lib/api/errors";
import type { Access } from "@/lib/api/handler";
import { breakdownParams } from "@/lib/analytics/breakdown";
import { facetsParams } from "@/lib/analytics/facets";
import { filterSchema } from "@/lib/contract/filters";
import { overviewParams } from "@/lib/analytics/overview";
import { runningParams } from "@/lib/analytics/running";
import { runsPageParams } from "@/lib/analytics/runs-page";
import { timeseriesParams } from "@/lib/analytics/timeseries";
import { auditCsvSchema, auditPageSchema } from "@/lib/audit/audit-query";
import { shareRequestSchema } from "@/lib/auth/share-request";
import { budgetCreateSchema, budgetPatchSchema } from "@/lib/budgets/input";
import { sharedCostInput } from "@/lib/chargeback/shared-costs";
import { AUDIT_CSV_COLUMNS } from "@/lib/csv/audit-csv";
import { breakdownCsvParams } from "@/lib/csv/breakdown-csv";
import { runsCsvParams } from "@/lib/csv/runs-csv-params";
import { RUNNING_COLUMNS, runningCsvParams } from "@/lib/csv/running-csv";
import { RUNS_CSV_HEADER } from "@/lib/csv/runs-columns";
import { timeseriesCsvParams } from "@/lib/csv/timeseries-csv";
import { forecastParams } from "@/lib/forecast/forecast";
import { configSchema } from "@/lib/teams/config";
import { TEAMS_CSV_HEADER } from "@/lib/teams/csv-import";
import * as answers from "./answers";
import * as requests from "./requests";

/**
 * The API's contract, one entry per route and method: who may call it, what it takes (query,
 * path, body) and what it answers (JSON schema, or a CSV's content type and header row), and
 * which errors it can give. The OpenAPI document (openapi.ts) is generated from this table, a
 * unit test checks that every app/api route.ts has its entry, and an e2e test checks that the
 * running app's answers match it. The request schemas are the ones the routes parse with.
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface CsvAnswer {
  /** The leading columns, always present, in order. */
  header: readonly string[];
  /** Columns that follow the fixed ones and depend on the request, when any. */
  more?: string;
}

export interface Answer {
  description: string;
  json?: z.ZodType;
  csv?: CsvAnswer;
  /** Other content types (a redirect, or no body). */
  empty?: true;
}

export interface RouteContract {
  access: Access;
  summary: string;
  query?: z.ZodObject;
  path?: z.ZodObject;
  body?: { contentType: "application/json" | "text/csv" | "application/x-www-form-urlencoded"; schema: z.ZodType; alsoForm?: true; optional?: true };
  answers: Partial<Record<number, Answer>>;
  errors: readonly ApiErrorCode[];
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** The shared filters as query parameters: every list optional (repeat the key for more values). */
const filterQuery = z.object(filterSchema.shape).partial();
const withFilters = (extra: z.ZodObject) => z.object({ ...filterQuery.shape, ...extra.shape });

const READ_ERRORS = ["bad_request", "unauthorized", "forbidden", "gone", "internal", "unavailable"] as const satisfies readonly ApiErrorCode[];
const ADMIN_ERRORS = ["bad_request", "unauthorized", "forbidden", "internal", "unavailable"] as const satisfies readonly ApiErrorCode[];

const json = (description: string, schema: z.ZodType): Answer => ({ description, json: schema });
const csv = (description: string, header: readonly string[], more?: string): Answer => ({ description, csv: { header, ...(more ? { more } : {}) } });
const noContent: Answer = { description: "Done; no body.", empty: true };
const redirect = (to: string): Answer => ({ description: `A form post: redirected to ${to}.`, empty: true });

export const CONTRACT: Record<string, Partial<Record<Method, RouteContract>>> = {
  "/api/health": {
    GET: {
      access: "public",
      summary: "Health: `status` for anyone (503 when down); an admin also gets the store, sync and gateway details.",
      answers: { 200: json("ok or degraded", answers.healthAnswer), 503: json("down", answers.healthAnswer) },
      errors: ["internal"],
    },
  },
  "/api/openapi.json": {
    GET: {
      access: "public",
      summary: "This API's OpenAPI 3.1 document.",
      answers: { 200: json("The document.", z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose()) },
      errors: ["internal"],
    },
  },
  "/api/auth/me": {
    GET: { access: "public", summary: "Who the browser is, for the UI.", answers: { 200: json("The caller.", answers.meAnswer) }, errors: ["internal"] },
  },
  "/api/auth/sign-in": {
    POST: {
      access: "public",
      summary: "Signs in with the admin or viewers' password (JSON, or a form post that is redirected). 429 with Retry-After after too many failures.",
      body: { contentType: "application/json", schema: requests.signInBody, alsoForm: true },
      answers: { 200: json("Signed in; the session cookie is set.", answers.signInAnswer), 303: redirect("`next` (or back to the sign-in page)") },
      errors: ["bad_request", "unauthorized", "forbidden", "not_found", "too_many_requests", "internal"],
    },
  },
  "/api/auth/sign-out": {
    POST: {
      access: "public",
      summary: "Ends this browser's session and clears its cookie.",
      answers: { 200: json("Signed out.", answers.okAnswer), 303: redirect("the sign-in page") },
      errors: ["forbidden", "internal"],
    },
  },
  "/api/auth/leave-share": {
    POST: { access: "public", summary: "Ends a shared view in this browser.", answers: { 303: redirect("/") }, errors: ["forbidden", "internal"] },
  },
  "/api/totals": {
    GET: {
      access: "viewer",
      summary: "Runs, compute hours and cost per currency, with the previous period of equal length.",
      query: filterQuery,
      answers: { 200: json("The totals.", answers.totalsAnswer) },
      errors: READ_ERRORS,
    },
  },
  "/api/breakdown": {
    GET: { access: "viewer", summary: "Cost, runs and hours by one dimension (`by`).", query: withFilters(breakdownParams), answers: { 200: json("The rows.", answers.breakdownAnswer) }, errors: READ_ERRORS },
  },
  "/api/timeseries": {
    GET: { access: "viewer", summary: "Cost per day, week or month, stacked by a dimension's top keys.", query: withFilters(timeseriesParams), answers: { 200: json("The buckets.", answers.timeseriesAnswer) }, errors: READ_ERRORS },
  },
  "/api/runs": {
    GET: { access: "viewer", summary: "A page of runs with every field.", query: withFilters(runsPageParams), answers: { 200: json("The page.", answers.runsAnswer) }, errors: READ_ERRORS },
  },
  "/api/facets": {
    GET: { access: "viewer", summary: "A dimension's values with runs and cost, for filter pickers.", query: withFilters(facetsParams), answers: { 200: json("The values.", answers.facetsAnswer) }, errors: READ_ERRORS },
  },
  "/api/overview": {
    GET: { access: "viewer", summary: "The overview page in one answer.", query: withFilters(overviewParams), answers: { 200: json("Totals, series and tops.", answers.overviewAnswer) }, errors: READ_ERRORS },
  },
  "/api/running": {
    GET: { access: "viewer", summary: "The runs in flight at the last sync, with the long-running mark.", query: withFilters(runningParams), answers: { 200: json("The runs.", answers.runningAnswer) }, errors: READ_ERRORS },
  },
  "/api/forecast": {
    GET: { access: "viewer", summary: "Spent so far in the current period and the forecast to its end.", query: withFilters(forecastParams), answers: { 200: json("The forecast.", answers.forecastAnswer) }, errors: READ_ERRORS },
  },
  "/api/breakdown.csv": {
    GET: {
      access: "viewer",
      summary: "Every row of a breakdown, as CSV.",
      query: withFilters(breakdownCsvParams),
      answers: { 200: csv("The rows.", ["currency", "runs", "computeHours", "cost", "share", "averageCost", "wastedCost"], "the first column is named after `by` (projects add `owner` after it); hardware tiers end with `pricePerMinute`") },
      errors: READ_ERRORS,
    },
  },
  "/api/timeseries.csv": {
    GET: {
      access: "viewer",
      summary: "The cost-over-time series, as CSV.",
      query: withFilters(timeseriesCsvParams),
      answers: { 200: csv("One row per bucket.", ["start", "currency", "runs", "total"], "then one column per key of the stack") },
      errors: READ_ERRORS,
    },
  },
  "/api/runs.csv": {
    GET: {
      access: "viewer",
      summary: "Every run matching the filters, streamed, as CSV.",
      query: withFilters(runsCsvParams),
      answers: { 200: csv("One row per run.", RUNS_CSV_HEADER) },
      errors: READ_ERRORS,
    },
  },
  "/api/running.csv": {
    GET: {
      access: "viewer",
      summary: "Every run in flight at the last sync, as CSV.",
      query: withFilters(runningCsvParams),
      answers: { 200: csv("One row per run in flight.", RUNNING_COLUMNS.map((c) => c.header)) },
      errors: READ_ERRORS,
    },
  },
  "/api/sync": {
    GET: { access: "viewer", summary: "Where the sync stands.", answers: { 200: json("The sync's state.", answers.syncStatusAnswer) }, errors: READ_ERRORS },
    POST: {
      access: "admin",
      summary: 'Starts a sync (`{"full": true}` for a full re-sync): 202 when one started, 200 when one was running.',
      body: { contentType: "application/json", schema: requests.syncBody, optional: true },
      answers: { 200: json("Joined the running sync.", answers.syncStartedAnswer), 202: json("Started.", answers.syncStartedAnswer) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/budgets": {
    GET: { access: "viewer", summary: "Every budget with its spend, forecast and state.", answers: { 200: json("The budgets.", answers.budgetsAnswer) }, errors: READ_ERRORS },
    POST: {
      access: "admin",
      summary: "Creates a budget.",
      body: { contentType: "application/json", schema: budgetCreateSchema },
      answers: { 201: json("Created.", answers.budgetAnswer) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/budgets/{id}": {
    GET: { access: "viewer", summary: "One budget with its figures.", path: requests.budgetIdPath, answers: { 200: json("The budget.", answers.budgetStatus) }, errors: [...READ_ERRORS, "not_found"] },
    PATCH: {
      access: "admin",
      summary: "Changes any of a budget's fields.",
      path: requests.budgetIdPath,
      body: { contentType: "application/json", schema: budgetPatchSchema },
      answers: { 200: json("Changed.", answers.budgetAnswer) },
      errors: [...ADMIN_ERRORS, "not_found"],
    },
    DELETE: { access: "admin", summary: "Deletes a budget.", path: requests.budgetIdPath, answers: { 204: noContent }, errors: [...ADMIN_ERRORS, "not_found"] },
  },
  "/api/alert-deliveries": {
    GET: { access: "viewer", summary: "Every budget alert delivery, newest first.", answers: { 200: json("The deliveries.", answers.deliveriesAnswer) }, errors: READ_ERRORS },
  },
  "/api/teams": {
    GET: { access: "viewer", summary: "The teams, their rules, and identities whose rules tie.", answers: { 200: json("The set-up.", answers.teamsAnswer) }, errors: READ_ERRORS },
    PUT: {
      access: "admin",
      summary: "Replaces the set-up `{teams, rules}` and applies it to every stored run; 400 lists every problem.",
      body: { contentType: "application/json", schema: configSchema },
      answers: { 200: json("Saved.", answers.teamsSavedAnswer), 400: json("Every problem.", answers.problemsBody) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/teams/preview": {
    POST: {
      access: "admin",
      summary: "What saving `{teams, rules}` would move.",
      body: { contentType: "application/json", schema: configSchema },
      answers: { 200: json("The moves.", answers.teamsPreviewAnswer), 400: json("Every problem.", answers.problemsBody) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/teams/import": {
    POST: {
      access: "admin",
      summary: "Checks a `team,cost_centre,kind,pattern` sheet and answers the set-up it describes (nothing saved).",
      body: { contentType: "text/csv", schema: z.string() },
      answers: { 200: json("The set-up.", answers.teamsImportAnswer), 400: json("Every problem, with line numbers.", answers.problemsBody) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/teams.csv": {
    GET: { access: "viewer", summary: "The set-up as CSV, importable as it is.", query: requests.teamsCsvQuery, answers: { 200: csv("One row per rule.", TEAMS_CSV_HEADER) }, errors: READ_ERRORS },
  },
  "/api/chargeback": {
    GET: { access: "viewer", summary: "The statement of a month or quarter; frozen when closed.", query: requests.chargebackQuery, answers: { 200: json("The statement.", answers.chargebackAnswer) }, errors: READ_ERRORS },
  },
  "/api/chargeback.csv": {
    GET: {
      access: "viewer",
      summary: "The period's ledger, or one team's statement with `team=`, as CSV.",
      query: requests.chargebackCsvQuery,
      answers: { 200: csv("The ledger.", ["period", "team", "cost_centre", "currency", "item", "runs", "compute_hours", "amount"]) },
      errors: READ_ERRORS,
    },
  },
  "/api/chargeback/close": {
    POST: {
      access: "admin",
      summary: "Freezes the period's statement (409 when already closed).",
      body: { contentType: "application/json", schema: requests.chargebackPeriodBody },
      answers: { 201: json("Closed.", answers.chargebackClosedAnswer) },
      errors: [...ADMIN_ERRORS, "conflict"],
    },
  },
  "/api/chargeback/reopen": {
    POST: {
      access: "admin",
      summary: "Drops the frozen statement (409 when not closed).",
      body: { contentType: "application/json", schema: requests.chargebackPeriodBody },
      answers: { 200: json("Reopened.", answers.chargebackReopenedAnswer) },
      errors: [...ADMIN_ERRORS, "conflict"],
    },
  },
  "/api/chargeback/shared-costs": {
    POST: {
      access: "admin",
      summary: "Adds a fixed cost to a period.",
      body: { contentType: "application/json", schema: sharedCostInput },
      answers: { 201: json("Added.", answers.sharedCostCreatedAnswer) },
      errors: [...ADMIN_ERRORS, "conflict"],
    },
  },
  "/api/chargeback/shared-costs/{id}": {
    DELETE: { access: "admin", summary: "Removes a shared cost.", path: requests.sharedCostIdPath, answers: { 204: noContent }, errors: [...ADMIN_ERRORS, "not_found", "conflict"] },
  },
  "/api/audit": {
    GET: { access: "admin", summary: "The audit log, newest first, filtered and paged.", query: auditPageSchema, answers: { 200: json("A page.", answers.auditAnswer) }, errors: ADMIN_ERRORS },
  },
  "/api/audit.csv": {
    GET: { access: "admin", summary: "Every audit row matching, as CSV.", query: auditCsvSchema, answers: { 200: csv("One row per event.", AUDIT_CSV_COLUMNS.map((c) => c.header)) }, errors: ADMIN_ERRORS },
  },
  "/api/sessions": {
    GET: { access: "admin", summary: "The sessions open now.", answers: { 200: json("The sessions.", answers.sessionsAnswer) }, errors: ADMIN_ERRORS },
  },
  "/api/sessions/{id}": {
    DELETE: { access: "admin", summary: "Ends that session at once.", path: requests.sessionIdPath, answers: { 204: noContent }, errors: [...ADMIN_ERRORS, "not_found"] },
  },
  "/api/sessions/end-all": {
    POST: { access: "admin", summary: "Ends every open session, the caller's own included.", answers: { 200: json("How many ended.", answers.sessionsEndedAnswer) }, errors: ADMIN_ERRORS },
  },
  "/api/share-links": {
    GET: { access: "admin", summary: "Every share link with its state.", answers: { 200: json("The links.", answers.shareLinksAnswer) }, errors: ADMIN_ERRORS },
    POST: {
      access: "admin",
      summary: "Makes a link to a view.",
      body: { contentType: "application/json", schema: shareRequestSchema },
      answers: { 201: json("The link.", answers.shareLinkCreatedAnswer) },
      errors: ADMIN_ERRORS,
    },
  },
  "/api/share-links/{id}": {
    DELETE: { access: "admin", summary: "Revokes a link.", path: requests.shareLinkIdPath, answers: { 204: noContent }, errors: [...ADMIN_ERRORS, "not_found"] },
  },
};

/** `app/api/budgets/[id]/route.ts` → `/api/budgets/{id}`. */
export function routePathOf(file: string): string {
  return `/${file.replace(/\/route\.ts$/, "").replace(/\[([^\]]+)\]/g, "{$1}")}`.replace(/^\/app/, "");
}
