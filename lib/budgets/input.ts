import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { FILTER_KEYS, filtersQuery, parseFilters, type Filters } from "@/lib/contract/filters";
import { BUDGET_PERIODS, DEFAULT_THRESHOLDS } from "./types";

/**
 * What POST and PATCH /api/budgets accept. The scope is checked by the dashboard's own filter
 * schema (lib/analytics/filters.ts): a scope is exactly a view's filters without its dates.
 */

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** Positive, at most two decimals, below 10^16: kept as text so it is never a float. */
const amount = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => /^\d{1,16}(\.\d{1,2})?$/.test(v), { message: "must be a positive amount with at most two decimals, e.g. 1500 or 1500.50" })
  .refine((v) => Number(v) > 0, { message: "must be more than 0" });

const percentList = z
  .array(z.number().int({ message: "must be whole percentages" }).min(1, { message: "must be between 1 and 1000 %" }).max(1000, { message: "must be between 1 and 1000 %" }))
  .max(10, { message: "at most 10 thresholds" })
  .transform((v) => [...new Set(v)].sort((a, b) => a - b));

const channel = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("webhook"),
    url: z
      .string()
      .max(2000)
      .url({ message: "must be an http(s) URL" })
      .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" }),
  }),
  z.object({ type: z.literal("email"), to: z.string().max(320).email({ message: "must be an e-mail address" }) }),
]);

/** The scope as an object of filter lists (and `q`), as a view's query string has them. */
const scope = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const name = z.string().trim().min(1, { message: "must not be empty" }).max(120, { message: "must be at most 120 characters" });
const currency = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine((c) => KNOWN_CURRENCIES.has(c), { message: "is not a known ISO 4217 currency code" });
const channels = z.array(channel).max(20, { message: "at most 20 channels" });

export const budgetCreateSchema = z
  .object({
    name,
    scope: scope.default({}),
    period: z.enum(BUDGET_PERIODS).default("month"),
    amount,
    currency,
    thresholds: z
      .object({ actual: percentList.default(DEFAULT_THRESHOLDS.actual), forecast: percentList.default(DEFAULT_THRESHOLDS.forecast) })
      .strict()
      .default(DEFAULT_THRESHOLDS),
    channels: channels.default([]),
    paused: z.boolean().default(false),
  })
  .strict();

/** PATCH: any field of a budget; thresholds replace only the lists given. */
export const budgetPatchSchema = z
  .object({
    name: name.optional(),
    scope: scope.optional(),
    period: z.enum(BUDGET_PERIODS).optional(),
    amount: amount.optional(),
    currency: currency.optional(),
    thresholds: z.object({ actual: percentList.optional(), forecast: percentList.optional() }).strict().optional(),
    channels: channels.optional(),
    paused: z.boolean().optional(),
  })
  .strict();

/**
 * The scope object as a canonical filter query string, validated by the filter schema. Dates
 * are refused: a budget's dates are its period. Errors name `scope.<key>`.
 */
export function scopeQuery(raw: Record<string, string | string[]>): { query: string; filters: Filters } {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (key === "from" || key === "to") {
      throw new ApiError("bad_request", `scope.${key}: a budget's dates are its period; leave ${key} out of the scope`, `scope.${key}`);
    }
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  let filters: Filters;
  try {
    filters = parseFilters(params);
  } catch (error) {
    if (error instanceof ApiError) {
      const field = error.field ?? "";
      const message = error.message.startsWith("unknown parameter")
        ? `scope.${field}: unknown dimension; a scope takes ${FILTER_KEYS.filter((k) => k !== "from" && k !== "to").join(", ")}`
        : `scope.${error.message}`;
      throw new ApiError("bad_request", message, `scope${field ? `.${field}` : ""}`);
    }
    throw error;
  }
  // Canonical: dates left out (a budget's dates are its period), keys and values in a stable order.
  return { query: filtersQuery({ ...filters, from: null, to: null }), filters };
}

/** The filters a stored scope stands for. */
export function scopeFilters(scope: string): Filters {
  return parseFilters(new URLSearchParams(scope));
}
