import { DATA_START_MS } from "./catalog";
import { hash32, unit } from "./random";

/**
 * Maps a run's index to its queued time and back, without touching other runs.
 *
 * The arrival rate is a weight per hour (growth over the years × season × weekday ×
 * hour of day × a little daily noise). Its running sum, kept per hour in a Float64Array,
 * is scaled so that exactly `runs` runs fall between 2018-01-01 and the anchor. Run i sits
 * at the point where the cumulative count reaches i + u (u hashed from the index), found
 * by binary search: O(log hours). After the anchor the rate keeps its last growth level,
 * so a clock that moves on keeps seeing new runs.
 */

const HOUR_MS = 3_600_000;
const YEAR_MS = 365.25 * 24 * HOUR_MS;
/** Beyond this the timeline refuses to grow (guards memory against absurd clocks). */
const MAX_MS = Date.UTC(2200, 0, 1);
/** Keeps consecutive runs at least ~2 ms apart, so batchIds never tie (see timeOf). */
const MAX_RUNS_PER_HOUR = 360_000;

const WEEKDAY = [0.22, 1.0, 1.05, 1.05, 1.0, 0.85, 0.25];
/** UTC hour of day: a team spread over Europe and the Americas, quiet at night. */
const HOUR_OF_DAY = [
  0.25, 0.2, 0.18, 0.18, 0.2, 0.3, 0.5, 0.8, 1.1, 1.35, 1.5, 1.55,
  1.5, 1.6, 1.7, 1.7, 1.6, 1.4, 1.15, 0.9, 0.7, 0.55, 0.42, 0.32,
];

export class Timeline {
  private weights: Float64Array;
  /** cumulative[h] = total weight of the hours before hour h. */
  private cumulative: Float64Array;
  private hours = 0;
  /** Runs per unit of weight. */
  private readonly scale: number;

  constructor(
    readonly seed: number,
    readonly runs: number,
    readonly anchorMs: number,
  ) {
    if (!Number.isInteger(runs) || runs < 0) throw new RangeError("runs must be a non-negative integer");
    if (!(anchorMs >= DATA_START_MS + HOUR_MS) || anchorMs > MAX_MS) {
      throw new RangeError("the anchor must lie after 2018-01-01T01:00Z");
    }
    const initial = Math.ceil((anchorMs - DATA_START_MS) / HOUR_MS) + 24 * 60;
    this.weights = new Float64Array(initial);
    this.cumulative = new Float64Array(initial + 1);
    this.extendTo(initial);
    this.scale = runs / this.weightBefore(anchorMs);
    let max = 0;
    for (let h = 0; h < this.hours; h++) max = Math.max(max, this.weights[h]!);
    if (max * this.scale > MAX_RUNS_PER_HOUR) {
      throw new RangeError(`too many runs for the time span: at most ${MAX_RUNS_PER_HOUR} an hour are simulated`);
    }
  }

  /** The relative arrival rate during hour h (counted from 2018-01-01T00:00Z). */
  private hourWeight(h: number): number {
    const startMs = DATA_START_MS + h * HOUR_MS;
    const day = Math.floor(h / 24);
    const date = new Date(startMs);
    const years = (Math.min(startMs, this.anchorMs) - DATA_START_MS) / YEAR_MS;
    const growth = Math.exp(0.27 * years);
    const month = date.getUTCMonth();
    const dom = date.getUTCDate();
    const season = (month === 11 && dom >= 20) || (month === 0 && dom <= 3) ? 0.45 : month === 7 ? 0.85 : 1;
    // Daily noise (±20 %) and the odd crunch day before a deadline.
    const noise = Math.exp(0.18 * gaussian(this.seed, day)) * (unit(this.seed, day, 0xc0de) < 0.015 ? 1.8 : 1);
    return growth * season * WEEKDAY[date.getUTCDay()]! * HOUR_OF_DAY[date.getUTCHours()]! * noise;
  }

  private extendTo(hours: number): void {
    if (hours <= this.hours) return;
    if (hours > this.weights.length) {
      const size = Math.max(hours, Math.ceil(this.weights.length * 1.5));
      const weights = new Float64Array(size);
      weights.set(this.weights.subarray(0, this.hours));
      const cumulative = new Float64Array(size + 1);
      cumulative.set(this.cumulative.subarray(0, this.hours + 1));
      this.weights = weights;
      this.cumulative = cumulative;
    }
    for (let h = this.hours; h < hours; h++) {
      const w = this.hourWeight(h);
      this.weights[h] = w;
      this.cumulative[h + 1] = this.cumulative[h]! + w;
    }
    this.hours = hours;
  }

  /** Total weight of the time before `ms`. */
  private weightBefore(ms: number): number {
    if (ms <= DATA_START_MS) return 0;
    if (ms > MAX_MS) throw new RangeError("time beyond the simulated range");
    const offset = (ms - DATA_START_MS) / HOUR_MS;
    const h = Math.floor(offset);
    this.extendTo(h + 1);
    return this.cumulative[h]! + (offset - h) * this.weights[h]!;
  }

  /** The time (ms, fractional) at which the cumulative weight reaches x. */
  private timeAtWeight(x: number): number {
    while (this.cumulative[this.hours]! <= x) {
      if (DATA_START_MS + this.hours * HOUR_MS > MAX_MS) throw new RangeError("index beyond the simulated range");
      this.extendTo(this.hours + 24 * 30);
    }
    const cumulative = this.cumulative;
    let lo = 0;
    let hi = this.hours; // cumulative[lo] <= x < cumulative[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return DATA_START_MS + (lo + (x - cumulative[lo]!) / this.weights[lo]!) * HOUR_MS;
  }

  /**
   * Run i's queued time in ms: also its batchId. Positions i + u with u in [0.1, 0.9)
   * are at least 0.2 runs apart, and the rate cap keeps that over 2 ms, so the floored
   * values are strictly increasing without the "ties +1" step.
   */
  queuedMs(index: number): number {
    const u = 0.1 + 0.8 * unit(this.seed, index, 0x71e);
    return Math.floor(this.timeAtWeight((index + u) / this.scale));
  }

  /** How many runs have queuedMs <= nowMs. */
  countUpTo(nowMs: number): number {
    if (this.runs === 0 || nowMs < DATA_START_MS) return 0;
    return this.firstIndexAfter(Math.min(nowMs, MAX_MS - 1));
  }

  /** The first index whose queuedMs >= ms (ms must not be far in the future). */
  firstIndexAtOrAfter(ms: number): number {
    if (this.runs === 0) return 0;
    if (ms <= DATA_START_MS) return 0;
    return this.firstIndexAfter(ms - 1);
  }

  /** The first index whose queuedMs > ms. */
  private firstIndexAfter(ms: number): number {
    let i = Math.max(0, Math.floor(this.weightBefore(ms + 1) * this.scale) - 1);
    while (i > 0 && this.queuedMs(i - 1) > ms) i--;
    while (this.queuedMs(i) <= ms) i++;
    return i;
  }
}

function gaussian(seed: number, day: number): number {
  const u = (hash32(seed, day, 0x9a55) + 1) / 0x1_0000_0001;
  const v = unit(seed, day, 0x9a56);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
