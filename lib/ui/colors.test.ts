import { describe, expect, test } from "vitest";
import { OTHER_COLOR, PALETTE_SIZE, assignColors, colorForKey, colorSlot } from "./colors";

describe("colours by key", () => {
  test("a key's colour does not depend on the chart it is in", () => {
    const a = assignColors(["gpu-large", "cpu-small", "Other"]);
    const b = assignColors(["cpu-small", "gpu-large"]);
    expect(a.get("gpu-large")).toBe(colorForKey("gpu-large"));
    expect(b.get("cpu-small")).toBe(a.get("cpu-small"));
  });

  test("Other is always grey", () => {
    expect(assignColors(["Other"]).get("Other")).toBe(OTHER_COLOR);
    expect(colorForKey("Other")).toBe(OTHER_COLOR);
  });

  test("keys of one chart get distinct colours while the palette lasts", () => {
    const keys = Array.from({ length: PALETTE_SIZE }, (_, i) => `tier-${i}`);
    const colors = new Set(assignColors(keys).values());
    expect(colors.size).toBe(PALETTE_SIZE);
  });

  test("on a collision the higher-ranked key keeps its own colour", () => {
    // Find two keys sharing a slot.
    const first = "key-0";
    let second = "key-1";
    for (let i = 1; colorSlot(second) !== colorSlot(first); i++) second = `key-${i}`;
    const colors = assignColors([first, second]);
    expect(colors.get(first)).toBe(colorForKey(first));
    expect(colors.get(second)).not.toBe(colors.get(first));
  });
});
