import { z } from "zod";
import { ApiError, fromZodError } from "@/lib/api/errors";
import { localDate, localDayStart } from "@/lib/analytics/time-zone";
import { addDays, DEFAULT_RANGE, isCalendarDate, RANGE_PRESETS, resolveRange, type RangePreset } from "@/lib/contract/days";
import { filtersOf } from "@/lib/contract/filters";
import { isSharePage, SHAREABLE_PAGES, type SharePage } from "./share-token";

/**
 * What the Share dialog sends: the view (page and its query string), how long the link
 * lives (1, 7 or 30 days, or until the end of a chosen day in the dashboard's time zone)
 * and whether CSV downloads are allowed.
 */

const MAX_QUERY = 3000;
const MAX_DAYS = 366;

export const shareRequestSchema = z.object({
  page: z.string().refine(isSharePage, { message: `must be one of ${SHAREABLE_PAGES.join(", ")}` }),
  query: z.string().max(MAX_QUERY, { message: `must be at most ${MAX_QUERY} characters` }).default(""),
  expires: z.union([z.enum(["1d", "7d", "30d"]), z.string().refine(isCalendarDate, { message: "must be 1d, 7d, 30d or a date as YYYY-MM-DD" })]),
  csv: z.boolean().default(false),
});

export interface ShareRequest {
  page: SharePage;
  query: string;
  exp: number;
  csv: boolean;
}

export function parseShareRequest(raw: unknown, timeZone: string, now = Date.now()): ShareRequest {
  const parsed = shareRequestSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { page, expires, csv } = parsed.data;
  const query = freezeRange(parsed.data.query.replace(/^\?/, ""), localDate(timeZone, now));
  try {
    filtersOf(new URLSearchParams(query), "q");
  } catch (error) {
    const message = error instanceof Error ? error.message : "invalid filters";
    throw new ApiError("bad_request", `query: ${message}`, "query");
  }
  let exp: number;
  // "1d", "7d", "30d" (a date ends in a digit).
  if (expires.endsWith("d")) {
    exp = now + Number(expires.slice(0, -1)) * 86_400_000;
  } else {
    if (expires < localDate(timeZone, now)) throw new ApiError("bad_request", "expires: the date is in the past", "expires");
    exp = localDayStart(timeZone, addDays(expires, 1));
    if (exp - now > MAX_DAYS * 86_400_000) {
      throw new ApiError("bad_request", `expires: at most ${MAX_DAYS} days ahead`, "expires");
    }
  }
  return { page: page as SharePage, query, exp, csv };
}

/**
 * A view's date preset ("last 30 days", the default) made into the days it meant when the
 * link was made: the link shows what its maker saw, and its scope has fixed bounds to hold
 * the viewer to. "All time" stays unbounded.
 */
export function freezeRange(query: string, today: string): string {
  const params = new URLSearchParams(query);
  const raw = params.get("range") ?? DEFAULT_RANGE;
  if (!(RANGE_PRESETS as readonly string[]).includes(raw)) {
    throw new ApiError("bad_request", `query: range must be one of ${RANGE_PRESETS.join(", ")}`, "query");
  }
  const preset = raw as RangePreset;
  const range = resolveRange(preset, today, { from: params.get("from"), to: params.get("to") });
  params.delete("from");
  params.delete("to");
  params.set("range", preset === "all" ? "all" : "custom");
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  return params.toString();
}
