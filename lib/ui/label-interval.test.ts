import { describe, expect, test } from "vitest";
import { labelInterval } from "./label-interval";

// Six pixels a character: the arithmetic, not a font, is under test.
const width = (label: string) => label.length * 6;

describe("labelInterval", () => {
  test("every label when each fits its band with the gap", () => {
    // 10 bands of 60 px; "Sep 10" is 36 px + 16 px gap = 52 px.
    expect(labelInterval(Array.from({ length: 10 }, (_, i) => `Sep ${i + 1}`), 600, 16, width)).toBe(0);
  });

  test("every other or fewer as the bands narrow, and shown labels never overlap", () => {
    const labels = Array.from({ length: 90 }, (_, i) => `Oct ${(i % 31) + 1}`);
    for (const plot of [1300, 700, 320]) {
      const interval = labelInterval(labels, plot, 16, width);
      const band = plot / labels.length;
      // Centres of two shown labels are (interval + 1) bands apart: room for the widest and the gap.
      expect((interval + 1) * band).toBeGreaterThanOrEqual(36 + 16);
      // And no sparser than needed: one band fewer would not hold them.
      if (interval > 0) expect(interval * band).toBeLessThan(36 + 16);
    }
    expect(labelInterval(labels, 1300, 16, width)).toBe(3);
  });

  test("no labels or no width: nothing to thin", () => {
    expect(labelInterval([], 600, 16, width)).toBe(0);
    expect(labelInterval(["Sep 1"], 0, 16, width)).toBe(0);
  });
});
