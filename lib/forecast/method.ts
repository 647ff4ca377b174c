/**
 * The forecast itself, pure: daily costs in, expected cost of the rest of a period out, with
 * an 80 % interval. No SQL and no clock, so the back-test (scripts/bench/forecast-backtest.ts)
 * runs exactly the code the API runs. docs/forecast.md explains the method and its error.
 *
 * 1. Day-of-week factors from the last 12 weeks: weekends cost a fraction of a weekday, so a
 *    remainder with more weekends costs less. Shrunk towards 1 for short or sparse histories.
 * 2. A level: the exponentially weighted mean of the last 8 weeks' weekday-adjusted daily
 *    costs (half-life 14 days). Using weeks before the period starts is what beats the run
 *    rate early in a month: 7 days of a noisy, heavy-tailed series say little on their own.
 * 3. Expected cost of a future day = level × its weekday factor.
 * 4. The interval is measured, not assumed: the same forecast is made at the same point of
 *    each of the previous 12 periods, and the 10th and 90th percentiles of actual ÷ forecast
 *    of their remainders scale this remainder. Without enough past periods it falls back to
 *    a spread from the daily residuals.
 */


/** A dense daily cost series: `costs[i]` is the cost of day number `firstDay + i`. */
export interface DailySeries {
  firstDay: number;
  costs: number[];
}

export interface ForecastSettings {
  /** Days of history the weekday factors come from. */
  weekdayWindow: number;
  /** Days of history the level comes from. */
  levelWindow: number;
  /** Half-life of the level's weights, in days. */
  halfLife: number;
  /** Pseudo-observations per weekday pulling its factor towards 1. */
  weekdayShrink: number;
  /** Past periods used to measure the interval. */
  calibrationPeriods: number;
}

export const DEFAULT_SETTINGS: ForecastSettings = {
  weekdayWindow: 84,
  levelWindow: 56,
  halfLife: 14,
  weekdayShrink: 3,
  calibrationPeriods: 12,
};

/** 0 = Sunday … 6 = Saturday, for a day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function costAt(series: DailySeries, day: number): number | undefined {
  const i = day - series.firstDay;
  return i >= 0 && i < series.costs.length ? series.costs[i] : undefined;
}

/** Sum of the series over days [from, to). Missing days count as 0. */
export function sumDays(series: DailySeries, from: number, to: number): number {
  let s = 0;
  for (let d = from; d < to; d++) s += costAt(series, d) ?? 0;
  return s;
}

/**
 * Expected cost per future day, learnt from the days before `cutoff` only.
 * Returns null when there is no day of history at all.
 */
export function dailyModel(
  series: DailySeries,
  cutoff: number,
  settings: ForecastSettings = DEFAULT_SETTINGS,
): { expected: (day: number) => number; level: number; factors: number[]; residualSd: number } | null {
  const start = Math.max(series.firstDay, cutoff - settings.weekdayWindow);
  if (cutoff <= start) return null;
  const sums = [0, 0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0, 0];
  let total = 0;
  let n = 0;
  for (let d = start; d < cutoff; d++) {
    const c = costAt(series, d) ?? 0;
    sums[weekdayOf(d)]! += c;
    counts[weekdayOf(d)]! += 1;
    total += c;
    n += 1;
  }
  const mean = total / n;
  const factors = sums.map((s, w) => {
    const k = counts[w]!;
    const raw = mean > 0 && k > 0 ? s / k / mean : 1;
    return (k * raw + settings.weekdayShrink) / (k + settings.weekdayShrink);
  });
  // Normalise so a full week of factors averages 1 (the level stays a mean daily cost).
  const norm = factors.reduce((a, b) => a + b, 0) / 7;
  for (let w = 0; w < 7; w++) factors[w] = norm > 0 ? factors[w]! / norm : 1;

  const levelStart = Math.max(series.firstDay, cutoff - settings.levelWindow);
  const decay = Math.pow(0.5, 1 / settings.halfLife);
  let weighted = 0;
  let weights = 0;
  for (let d = levelStart; d < cutoff; d++) {
    const f = factors[weekdayOf(d)]!;
    const w = Math.pow(decay, cutoff - 1 - d);
    weighted += (w * (costAt(series, d) ?? 0)) / (f > 0 ? f : 1);
    weights += w;
  }
  const level = weights > 0 ? weighted / weights : 0;
  let squares = 0;
  for (let d = levelStart; d < cutoff; d++) {
    const r = (costAt(series, d) ?? 0) - level * factors[weekdayOf(d)]!;
    squares += r * r;
  }
  const residualSd = Math.sqrt(squares / Math.max(1, cutoff - levelStart - 1));
  return { expected: (day) => level * factors[weekdayOf(day)]!, level, factors, residualSd };
}

/** The naive run rate: spent ÷ days elapsed × days in the period (0 before a day has passed). */
export function runRateTotal(series: DailySeries, from: number, to: number, cutoff: number): number {
  const elapsed = cutoff - from;
  if (elapsed <= 0) return 0;
  return (sumDays(series, from, cutoff) / elapsed) * (to - from + 1);
}

/** The model's expected cost of days [cutoff, to], or 0 without history. */
export function remainderForecast(series: DailySeries, cutoff: number, to: number, settings = DEFAULT_SETTINGS): number {
  const model = dailyModel(series, cutoff, settings);
  if (!model) return 0;
  let s = 0;
  for (let d = cutoff; d <= to; d++) s += model.expected(d);
  return s;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface PeriodWindow {
  /** First day of the period (day number). */
  from: number;
  /** Last day of the period, inclusive. */
  to: number;
}

export interface ForecastResult {
  /** Cost of the period's days before `cutoff`, plus what is known of later days (today so far). */
  spent: number;
  /** Expected cost of the rest of the period. */
  remaining: number;
  /** spent + remaining, and its 80 % interval. */
  total: number;
  low: number;
  high: number;
  /** How the interval was obtained: measured on past periods, or from daily residuals. */
  interval: "calibrated" | "residual";
  /** Per future day: expected cost and its share of the interval. */
  days: { day: number; expected: number; low: number; high: number }[];
}

/**
 * Forecast of period `period` from the days before `cutoff`. `pastPeriods` are earlier
 * periods of the same kind, newest first: the interval is measured on them at the same
 * number of elapsed days. `alreadyKnown` is cost of days ≥ cutoff that is already spent
 * (today's runs so far, the accrued part of runs in flight): it is counted as spent and
 * taken off the expected remainder (never below 0).
 */
export function forecastPeriod(
  series: DailySeries,
  period: PeriodWindow,
  cutoff: number,
  pastPeriods: PeriodWindow[],
  alreadyKnown = 0,
  settings: ForecastSettings = DEFAULT_SETTINGS,
): ForecastResult {
  const start = Math.max(cutoff, period.from);
  const spent = sumDays(series, period.from, start) + alreadyKnown;
  const model = dailyModel(series, start, settings);
  const days: ForecastResult["days"] = [];
  let expectedRest = 0;
  for (let d = start; d <= period.to; d++) {
    const e = model ? model.expected(d) : 0;
    days.push({ day: d, expected: e, low: e, high: e });
    expectedRest += e;
  }
  const remaining = Math.max(0, expectedRest - alreadyKnown);

  const elapsed = start - period.from;
  const ratios: number[] = [];
  for (const past of pastPeriods.slice(0, settings.calibrationPeriods)) {
    const pastCutoff = past.from + elapsed;
    if (pastCutoff > past.to || pastCutoff - series.firstDay < 28) continue;
    if (past.to - series.firstDay >= series.costs.length) continue; // not over yet
    const predicted = remainderForecast(series, pastCutoff, past.to, settings);
    if (predicted <= 0) continue;
    ratios.push(sumDays(series, pastCutoff, past.to + 1) / predicted);
  }
  let lowRatio: number;
  let highRatio: number;
  let interval: ForecastResult["interval"];
  if (ratios.length >= 6) {
    ratios.sort((a, b) => a - b);
    lowRatio = quantile(ratios, 0.1);
    highRatio = quantile(ratios, 0.9);
    interval = "calibrated";
  } else {
    // Days treated as independent: the spread of a sum of n days grows with √n.
    const n = period.to - start + 1;
    const spread = model && expectedRest > 0 ? (1.2816 * model.residualSd * Math.sqrt(n)) / expectedRest : 0.5;
    lowRatio = Math.max(0, 1 - spread);
    highRatio = 1 + spread;
    interval = "residual";
  }
  for (const day of days) {
    day.low = day.expected * lowRatio;
    day.high = day.expected * highRatio;
  }
  const total = spent + remaining;
  return {
    spent,
    remaining,
    total,
    low: spent + Math.max(0, expectedRest * lowRatio - alreadyKnown),
    high: spent + Math.max(0, expectedRest * highRatio - alreadyKnown),
    interval,
    days,
  };
}
