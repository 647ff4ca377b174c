/**
 * `new Date(ms).toISOString()` for the simulator's hot path: the date part is cached per
 * day (runs arrive in time order, so consecutive calls share it), the time part is built
 * from integer arithmetic. Same output for every ms from 1970 to 9999.
 */

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedPrefix = "";

export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${cachedPrefix}${TWO[h]}:${TWO[m]}:${TWO[s]}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

/** "YYYY-MM" of a time, via the same cache. */
export function isoMonth(ms: number): string {
  return isoTime(ms).slice(0, 7);
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
