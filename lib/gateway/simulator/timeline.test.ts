import { describe, expect, test } from "vitest";
import { DATA_START_MS } from "./catalog";
import { Timeline } from "./timeline";

const ANCHOR = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;

describe("Timeline", () => {
  const t = new Timeline(42, 200_000, ANCHOR);

  test("exactly `runs` runs are queued from 2018-01-01 to the anchor, then more after it", () => {
    expect(t.queuedMs(0)).toBeGreaterThanOrEqual(DATA_START_MS);
    expect(t.queuedMs(199_999)).toBeLessThan(ANCHOR);
    expect(t.queuedMs(200_000)).toBeGreaterThanOrEqual(ANCHOR);
    expect(t.countUpTo(ANCHOR - 1)).toBe(200_000);
    expect(t.countUpTo(ANCHOR + 7 * DAY)).toBeGreaterThan(200_000);
  });

  test("queued times strictly increase (batchIds never tie)", () => {
    let previous = -1;
    for (let i = 0; i < 200_100; i++) {
      const ms = t.queuedMs(i);
      if (ms <= previous) throw new Error(`run ${i} at ${ms} does not follow ${previous}`);
      previous = ms;
    }
  });

  test.each([0, 1, 17, 99_999, 199_999, 200_050])("countUpTo and firstIndexAtOrAfter agree with run %i's time", (i) => {
    const ms = t.queuedMs(i);
    expect(t.countUpTo(ms)).toBe(i + 1);
    expect(t.countUpTo(ms - 1)).toBe(i);
    expect(t.firstIndexAtOrAfter(ms)).toBe(i);
    expect(t.firstIndexAtOrAfter(ms + 1)).toBe(i + 1);
  });

  test("nothing before 2018-01-01", () => {
    expect(t.countUpTo(DATA_START_MS - 1)).toBe(0);
    expect(t.firstIndexAtOrAfter(0)).toBe(0);
  });

  test("runs per day grow over the years", () => {
    const perDay = (from: number, to: number) => (t.countUpTo(to) - t.countUpTo(from)) / ((to - from) / DAY);
    const y2018 = perDay(Date.UTC(2018, 1, 1), Date.UTC(2018, 11, 1));
    const y2022 = perDay(Date.UTC(2022, 1, 1), Date.UTC(2022, 11, 1));
    const y2025 = perDay(Date.UTC(2025, 1, 1), Date.UTC(2025, 11, 1));
    expect(y2022).toBeGreaterThan(y2018 * 2);
    expect(y2025).toBeGreaterThan(y2022 * 1.5);
  });

  test("weekends are quiet", () => {
    let weekday = 0;
    let weekend = 0;
    for (let i = 0; i < 200_000; i += 7) {
      const d = new Date(t.queuedMs(i)).getUTCDay();
      if (d === 0 || d === 6) weekend++;
      else weekday++;
    }
    // Per day, a weekend day sees under a third of a weekday's runs.
    expect(weekend / 2 / (weekday / 5)).toBeLessThan(0.35);
  });

  test("zero runs – nothing is ever visible", () => {
    const empty = new Timeline(1, 0, ANCHOR);
    expect(empty.countUpTo(ANCHOR + 365 * DAY)).toBe(0);
  });

  test("an anchor before 2018 or an absurd rate is refused", () => {
    expect(() => new Timeline(1, 10, DATA_START_MS)).toThrow(RangeError);
    expect(() => new Timeline(1, 10_000_000_000, ANCHOR)).toThrow(/too many runs/);
  });
});
