/**
 * Every how many categories an axis label fits, so labels never overlap: 0 shows each, 1
 * every other one, and so on. Worked out here rather than by recharts: given a number,
 * recharts places the labels without measuring each one in the page, which otherwise lays the
 * whole page out in the middle of every redraw of the cost chart.
 */
export function labelInterval(
  labels: readonly string[],
  plotWidth: number,
  minGap: number,
  widthOf: (label: string) => number,
): number {
  if (labels.length === 0 || !(plotWidth > 0)) return 0;
  const widest = labels.reduce((max, label) => Math.max(max, widthOf(label)), 0);
  const band = plotWidth / labels.length;
  return Math.max(0, Math.ceil((widest + minGap) / band) - 1);
}
