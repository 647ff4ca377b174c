import { randomUUID } from "node:crypto";
import { z } from "zod";
import { SqlParams } from "@/lib/analytics/query";
import { tablesOf, type SharedTarget } from "@/lib/store/shared-tables";
import { monthsOf, periodSchema, type Period } from "./period";

/**
 * Fixed costs finance spreads over teams for a period (a licence, storage, the platform team):
 * in proportion to each team's compute cost, evenly over the teams, or evenly over named teams.
 * With DATABASE_URL they are a shared table (lib/store/shared-tables.ts), read per request.
 */

export const SPREADS = ["proportional", "even", "teams"] as const;
export type Spread = (typeof SPREADS)[number];

export interface SharedCost {
  id: string;
  period: string;
  label: string;
  currency: string;
  /** Whole cents. */
  cents: number;
  spread: Spread;
  teams: string[];
}

export const sharedCostInput = z
  .object({
    period: periodSchema,
    label: z.string().trim().min(1, { message: "must not be empty" }).max(100, { message: "must be at most 100 characters" }),
    currency: z.string().trim().regex(/^[A-Z]{3}$/, { message: "must be a three-letter currency code such as USD" }),
    amount: z
      .string()
      .trim()
      .regex(/^-?\d{1,12}(\.\d{1,2})?$/, { message: "must be an amount with at most two decimals, such as 1250.00" }),
    spread: z.enum(SPREADS, { message: `must be one of ${SPREADS.join(", ")}` }),
    teams: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.spread === "teams" && v.teams.length === 0) ctx.addIssue({ code: "custom", path: ["teams"], message: "name at least one team" });
  });

export type SharedCostInput = z.infer<typeof sharedCostInput>;

/** "12.30" → 1230n, exactly (no floats). */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith("-");
  const [whole, fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  const cents = BigInt(whole!) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -cents : cents;
}

export async function addSharedCost(conn: SharedTarget, input: SharedCostInput, actor: string): Promise<string> {
  const id = randomUUID();
  await tablesOf(conn).query(
    `INSERT INTO shared_costs (id, period, label, currency, amount, spread, teams, created_by, created_at)
     VALUES ($1, $2, $3, $4, CAST($5 AS DECIMAL(18, 2)), $6, $7, $8, now())`,
    [id, input.period.key, input.label, input.currency, input.amount, input.spread, JSON.stringify(input.teams), actor],
  );
  return id;
}

export async function deleteSharedCost(conn: SharedTarget, id: string): Promise<boolean> {
  const rows = await tablesOf(conn).query("DELETE FROM shared_costs WHERE id = $1 RETURNING id", [id]);
  return rows.length > 0;
}

/** The shared costs of a period: a month's own, or a quarter's and its months'. */
export async function sharedCostsFor(conn: SharedTarget, period: Period): Promise<SharedCost[]> {
  const keys = [period.key, ...(period.kind === "quarter" ? monthsOf(period) : [])];
  const params = new SqlParams();
  const rows = await tablesOf(conn).query(
    `SELECT id, period, label, currency, CAST(amount * 100 AS BIGINT) AS cents, spread, teams
     FROM shared_costs WHERE period IN (${params.list(keys)}) ORDER BY created_at, id`,
    params.values,
  );
  return rows.map((r) => ({
    id: String(r.id),
    period: String(r.period),
    label: String(r.label),
    currency: String(r.currency),
    cents: Number(r.cents),
    spread: String(r.spread) as Spread,
    teams: JSON.parse(String(r.teams)) as string[],
  }));
}
