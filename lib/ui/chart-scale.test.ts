import { describe, expect, it } from "vitest";
import { bandLayout, categoryAt, estimateLabelWidth, niceStep, niceTicks, segmentsPath, stackSeries, visibleLabels } from "./chart-scale";

describe("niceTicks", () => {
  it("starts at 0 and ends on a round value at or above the maximum", () => {
    expect(niceTicks(87_432)).toEqual([0, 25_000, 50_000, 75_000, 100_000]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1_234_567)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
  });

  it("gives about five ticks whatever the scale", () => {
    for (const max of [0.37, 3, 42, 999, 12_345, 7_654_321, 3e9]) {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it("prints small steps without floating-point noise", () => {
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it("has a single tick when there is nothing to draw", () => {
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(Number.NaN)).toEqual([0]);
  });
});

describe("niceStep", () => {
  it("rounds up to 1, 2, 2.5, 5 or 10 times a power of ten", () => {
    expect(niceStep(0.9)).toBe(1);
    expect(niceStep(1.5)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(2_100)).toBe(2_500);
  });
});

describe("bandLayout", () => {
  it("splits the width into equal bands with 18% of each left as a gap, half on each side", () => {
    const { band, bar, inset } = bandLayout(10, 1_000);
    expect(band).toBe(100);
    expect(bar).toBeCloseTo(82);
    expect(inset).toBeCloseTo(9);
  });

  it("has no bands without categories or width", () => {
    expect(bandLayout(0, 500).band).toBe(0);
    expect(bandLayout(5, -20).band).toBe(0);
  });
});

describe("stackSeries", () => {
  it("stacks each category bottom-up in series order", () => {
    const stacks = stackSeries(
      [
        [1, 2, 0],
        [10, 0, 5],
        [100, 200, 0],
      ],
      3,
    );
    expect(stacks.map((s) => [...s.low])).toEqual([
      [0, 0, 0],
      [1, 2, 0],
      [11, 2, 5],
    ]);
    expect(stacks.map((s) => [...s.high])).toEqual([
      [1, 2, 0],
      [11, 2, 5],
      [111, 202, 5],
    ]);
  });

  it("draws nothing for zero, negative or missing values", () => {
    const [first, second] = stackSeries([[0, -4], [3]], 2);
    expect([...first!.high]).toEqual([0, 0]);
    expect([...second!.low]).toEqual([0, 0]);
    expect([...second!.high]).toEqual([3, 0]);
  });
});

describe("segmentsPath", () => {
  // 100 px tall, value 0 at the bottom (y = 100) and 10 at the top (y = 0).
  const toY = (value: number) => 100 - value * 10;
  const left = (category: number) => category * 20 + 2;

  it("draws one closed rectangle per category with a value, and nothing for zero", () => {
    const [bottom, top] = stackSeries([[2, 0, 5], [3, 4, 0]], 3);
    expect(segmentsPath(bottom!, left, 16, toY)).toBe("M2 80h16v20h-16zM42 50h16v50h-16z");
    expect(segmentsPath(top!, left, 16, toY)).toBe("M2 50h16v30h-16zM22 60h16v40h-16z");
  });

  it("stacks segments edge to edge, with no seam, even at fractional positions", () => {
    const third = (value: number) => 100 - value * (100 / 3);
    const [bottom, top] = stackSeries([[1], [1]], 1);
    const bottomPath = segmentsPath(bottom!, () => 0.333, 10, third);
    const topPath = segmentsPath(top!, () => 0.333, 10, third);
    expect(bottomPath).toBe("M0.33 66.67h10v33.33h-10z");
    // The upper segment ends exactly where the lower one starts (66.67).
    expect(topPath).toBe("M0.33 33.33h10v33.34h-10z");
  });

  it("is empty for a series with nothing to draw", () => {
    const [only] = stackSeries([[0, 0]], 2);
    expect(segmentsPath(only!, left, 16, toY)).toBe("");
  });
});

describe("visibleLabels", () => {
  const days = Array.from({ length: 90 }, (_, index) => `Mar ${index + 1}`);
  const indexes = (placed: { index: number }[]) => placed.map((label) => label.index);

  it("keeps every label, centred under its band, when each fits", () => {
    expect(visibleLabels(["Jan", "Feb", "Mar"], 100, 60, 400)).toEqual([
      { index: 0, x: 110 },
      { index: 1, x: 210 },
      { index: 2, x: 310 },
    ]);
  });

  it("skips labels so neighbours keep at least the minimum gap, always keeping the last", () => {
    const band = 10;
    const width = 60 + 90 * band + 4;
    const shown = visibleLabels(days, band, 60, width);
    expect(shown[shown.length - 1]?.index).toBe(89);
    expect(shown.length).toBeGreaterThan(5);
    for (let i = 1; i < shown.length; i += 1) {
      const left = shown[i - 1]!;
      const right = shown[i]!;
      const gap = right.x - estimateLabelWidth(days[right.index]!) / 2 - (left.x + estimateLabelWidth(days[left.index]!) / 2);
      expect(gap).toBeGreaterThanOrEqual(16);
    }
    // None sticks out of the chart.
    for (const label of shown) {
      const half = estimateLabelWidth(days[label.index]!) / 2;
      expect(label.x - half).toBeGreaterThanOrEqual(0);
      expect(label.x + half).toBeLessThanOrEqual(width);
    }
  });

  it("moves an edge label inwards rather than cutting it off", () => {
    const label = "Sep 30, 2025";
    const half = estimateLabelWidth(label) / 2;
    expect(visibleLabels([label], 20, 0, 200)).toEqual([{ index: 0, x: half }]);
    expect(visibleLabels(["a", label], 20, 160, 200)).toEqual([{ index: 1, x: 200 - half }]);
  });

  it("shows fewer labels on a narrow chart", () => {
    expect(indexes(visibleLabels(days, 3.6, 60, 390)).length).toBeLessThan(indexes(visibleLabels(days, 14, 60, 1340)).length);
  });

  it("has nothing to show without labels or room", () => {
    expect(visibleLabels([], 10, 0, 100)).toEqual([]);
    expect(visibleLabels(["Mar 1"], 0, 0, 100)).toEqual([]);
  });
});

describe("categoryAt", () => {
  it("finds the band under a position inside the plot", () => {
    expect(categoryAt(0, 10, 5)).toBe(0);
    expect(categoryAt(49.9, 10, 5)).toBe(4);
  });

  it("is null outside the plot", () => {
    expect(categoryAt(-1, 10, 5)).toBeNull();
    expect(categoryAt(50, 10, 5)).toBeNull();
    expect(categoryAt(5, 0, 5)).toBeNull();
  });
});
