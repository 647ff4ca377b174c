import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { OTHER_COLOR, PALETTE_SIZE, assignColors, colorForKey, colorSlot } from "./colors";

describe("colours by key", () => {
  test("a key's colour does not depend on the chart it is in", () => {
    // Two keys whose own slots differ (a shared slot is the collision case below).
    const first = "gpu-large";
    let second = "cpu-small";
    for (let i = 0; colorSlot(second) === colorSlot(first); i++) second = `cpu-small-${i}`;
    const a = assignColors([first, second, "Other"]);
    const b = assignColors([second, first]);
    expect(a.get(first)).toBe(colorForKey(first));
    expect(b.get(second)).toBe(a.get(second));
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

describe("past the palette", () => {
  test("keys ranked after the palette's size are grey, never a repeat of a coloured key", () => {
    const keys = Array.from({ length: PALETTE_SIZE + 5 }, (_, i) => `project-${i}`);
    const colors = assignColors(keys);
    const coloured = keys.slice(0, PALETTE_SIZE).map((key) => colors.get(key));
    expect(new Set(coloured).size).toBe(PALETTE_SIZE);
    expect(coloured).not.toContain(OTHER_COLOR);
    for (const key of keys.slice(PALETTE_SIZE)) expect(colors.get(key)).toBe(OTHER_COLOR);
  });
});

// The palette as the browser gets it: the CSS variables of each theme in app/globals.css.
const css = readFileSync(path.join(__dirname, "../../app/globals.css"), "utf8");

function themeVars(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf("}", start));
  return new Map([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
/** CIE76 distance in CIELAB (D65): about 2 is barely visible, 20 plainly different colours. */
function distance(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, b] = rgb(hex).map(linear) as [number, number, number];
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
}

describe.each([":root", ".dark"])("the palette of %s", (selector) => {
  const vars = themeVars(selector);
  const palette = Array.from({ length: PALETTE_SIZE }, (_, i) => vars.get(`chart-${i + 1}`));
  const card = vars.get("card")!;
  const other = vars.get("chart-other")!;

  test("has a colour for every slot", () => {
    expect(palette.every((color) => color !== undefined)).toBe(true);
  });

  test("every colour, Other included, stands out from the card at 3:1 (WCAG non-text contrast)", () => {
    for (const color of [...palette, other]) expect(contrast(color!, card), color).toBeGreaterThanOrEqual(3);
  });

  test("any two colours, and each colour and Other, are plainly different", () => {
    const all = [...palette, other] as string[];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) expect(distance(all[i]!, all[j]!), `${all[i]} vs ${all[j]}`).toBeGreaterThanOrEqual(20);
    }
  });
});
