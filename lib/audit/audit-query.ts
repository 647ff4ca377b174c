import "server-only";
import { z } from "zod";
import { addDays, isCalendarDate, localDayStart } from "@/lib/analytics/time-zone";
import { sharedTables, type SharedTables, type SharedTarget } from "@/lib/store/shared-tables";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditRow } from "./audit-log";

/**
 * Reading the audit log for admins: filtered by action, user, outcome and local dates (in
 * RUNLEDGER_TIMEZONE, `to` inclusive), newest first, a page at a time; the CSV takes every
 * row the filters match, up to CSV_LIMIT.
 */

const date = z.string().refine(isCalendarDate, { message: "must be a date such as 2026-01-31" });

export const auditFilterSchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS, { message: `must be one of ${AUDIT_ACTIONS.join(", ")}` }).optional(),
  user: z.string().trim().min(1).max(200, { message: "is too long" }).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { message: `must be one of ${AUDIT_OUTCOMES.join(", ")}` }).optional(),
  from: date.optional(),
  to: date.optional(),
});

export const auditPageSchema = auditFilterSchema.extend({
  page: z.coerce.number({ message: "must be a page number from 1" }).int({ message: "must be a page number from 1" }).min(1, { message: "must be a page number from 1" }).max(100_000).default(1),
  pageSize: z.coerce.number({ message: "must be 10 to 200" }).int({ message: "must be 10 to 200" }).min(10, { message: "must be 10 to 200" }).max(200, { message: "must be 10 to 200" }).default(50),
});

export const auditCsvSchema = auditFilterSchema.extend({ format: z.enum(["csv", "excel"]).default("csv") });

export type AuditFilters = z.infer<typeof auditFilterSchema>;

export const CSV_LIMIT = 100_000;

function where(filters: AuditFilters, timeZone: string): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number) => {
    params.push(value);
    clauses.push(clause.replace("?", `$${params.length}`));
  };
  if (filters.action) add("action = ?", filters.action);
  if (filters.user) add("user_name = ?", filters.user);
  if (filters.outcome) add("outcome = ?", filters.outcome);
  if (filters.from) add("occurred_at >= CAST(? AS TIMESTAMPTZ)", new Date(localDayStart(timeZone, filters.from)).toISOString());
  if (filters.to) add("occurred_at < CAST(? AS TIMESTAMPTZ)", new Date(localDayStart(timeZone, addDays(filters.to, 1))).toISOString());
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toRow(r: Record<string, unknown>): AuditRow {
  return {
    at: iso(r.occurred_at),
    user: text(r.user_name),
    role: text(r.role),
    address: text(r.address),
    action: String(r.action),
    target: text(r.target),
    outcome: String(r.outcome),
    detail: text(r.detail),
  };
}

const SELECT = "SELECT occurred_at, user_name, role, address, action, target, outcome, detail FROM audit_log";
// The insert order breaks ties between rows of the same instant, the later first: DuckDB's
// rowid, PostgreSQL's seq (lib/store/postgres/schema.ts).
const order = (tables: SharedTables) => `ORDER BY occurred_at DESC, ${tables.dialect === "postgres" ? "seq" : "rowid"} DESC`;

export async function readAuditPage(
  filters: AuditFilters,
  page: number,
  pageSize: number,
  timeZone: string,
  store?: SharedTarget,
): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
  const { sql, params } = where(filters, timeZone);
  const tables = await sharedTables(store);
  const [count] = await tables.query(`SELECT count(*) AS n FROM audit_log ${sql}`, params);
  const total = Number(count?.n ?? 0);
  const rows = await tables.query(`${SELECT} ${sql} ${order(tables)} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params);
  return { rows: rows.map(toRow), total, page, pageSize };
}

/** Every matching row, newest first, at most `limit`; `more` when the log holds more. */
export async function readAuditRows(filters: AuditFilters, timeZone: string, limit = CSV_LIMIT, store?: SharedTarget): Promise<{ rows: AuditRow[]; more: boolean }> {
  const { sql, params } = where(filters, timeZone);
  const tables = await sharedTables(store);
  const rows = (await tables.query(`${SELECT} ${sql} ${order(tables)} LIMIT ${limit + 1}`, params)).map(toRow);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** The user names in the log, for the filter's choices. */
export async function readAuditUsers(store?: SharedTarget): Promise<string[]> {
  const rows = await (await sharedTables(store)).query(
    `SELECT DISTINCT user_name FROM audit_log WHERE user_name IS NOT NULL ORDER BY user_name LIMIT 500`,
  );
  return rows.map((r) => String(r.user_name));
}
