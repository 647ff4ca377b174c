import { describe, expect, test } from "vitest";
import type { ChartRow } from "./chart-data";
import { stackPaths } from "./stack-paths";

// Bands of 100 px (inset 18 px each side: bars 64 px wide); 1 unit of value = 1 px, y(0) = 200.
const band = (x: string) => (x === "missing" ? undefined : ([Number(x) * 100, Number(x) * 100 + 100] as const));
const y = (value: number) => 200 - value;
const row = (x: string, ...values: number[]): ChartRow => ({
  x,
  start: x,
  label: x,
  total: values.reduce((a, b) => a + b, 0),
  ...Object.fromEntries(values.map((v, i) => [`s${i}`, v])),
});

describe("stackPaths", () => {
  test("each key's segments stack in key order from zero, one rectangle per category", () => {
    const paths = stackPaths([row("0", 10, 20, 5), row("1", 30, 0, 15)], 3, band, y);
    expect(paths).toEqual([
      // Key 0 at the bottom of both bars.
      "M18,190h64V200h-64Z" + "M118,170h64V200h-64Z",
      // Key 1 on top of key 0; nothing where its value is 0.
      "M18,170h64V190h-64Z",
      // Key 2 on top of what is below it in each bar.
      "M18,165h64V170h-64Z" + "M118,155h64V170h-64Z",
    ]);
  });

  test("zero, negative and missing values and unknown categories draw nothing", () => {
    const paths = stackPaths([{ ...row("0", 0, -4), s2: undefined } as unknown as ChartRow, row("missing", 7)], 3, band, y);
    expect(paths).toEqual(["", "", ""]);
  });

  test("the top of each bar is at its total", () => {
    const rows = [row("0", 3.25, 1.5, 0.25), row("2", 12, 8)];
    const paths = stackPaths(rows, 3, band, y);
    const tops = rows.map((r) => {
      const starts = paths.flatMap((d) => [...d.matchAll(/M(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)/g)]);
      const inBar = starts.filter((m) => Number(m[1]) === Number(r.x) * 100 + 18).map((m) => Number(m[2]));
      return Math.min(...inBar);
    });
    expect(tops).toEqual(rows.map((r) => y(r.total)));
  });
});
