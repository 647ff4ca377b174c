import { seriesField, type ChartRow } from "./chart-data";

/** Space left empty on each side of a category's bar, as a share of the category's band. */
export const BAR_INSET = 0.18;

/**
 * The SVG path of each key's segments across all categories, one rectangle per category
 * ("" for a key with none): stacked in key order from `y(0)`, the first key at the bottom.
 * `band` gives a category's band (start and end px); `y` maps a value to px. Zero and negative
 * values draw nothing.
 */
export function stackPaths(
  rows: readonly ChartRow[],
  keyCount: number,
  band: (x: string) => readonly [number, number] | undefined,
  y: (value: number) => number,
): string[] {
  const paths: string[][] = Array.from({ length: keyCount }, () => []);
  const base = y(0);
  for (const row of rows) {
    const edges = band(row.x);
    if (!edges) continue;
    const inset = (edges[1] - edges[0]) * BAR_INSET;
    const left = edges[0] + inset;
    const width = edges[1] - edges[0] - 2 * inset;
    let sum = 0;
    let bottom = base;
    for (let index = 0; index < keyCount; index += 1) {
      const value = Number(row[seriesField(index)] ?? 0);
      if (!(value > 0)) continue;
      sum += value;
      const top = y(sum);
      paths[index]!.push(`M${left},${top}h${width}V${bottom}h${-width}Z`);
      bottom = top;
    }
  }
  return paths.map((segments) => segments.join(""));
}
