"use client";
import { useXAxisScale, useYAxisScale } from "recharts";
import type { ChartRow } from "@/lib/ui/chart-data";
import { stackPaths } from "@/lib/ui/stack-paths";

/**
 * The cost chart's stacked bars, inside its recharts chart and on recharts' scales: one path
 * per key holding that key's segment of every bar. Recharts' own Bar draws a component and a
 * few elements per segment (a 90-day chart by nine keys held about 1,200 of them), and every
 * redraw rebuilt them all; nine paths redraw in a fraction of the time. A click on a key's
 * segment narrows the filters to that key (not "Other").
 */
export function StackedBars({
  data,
  keys,
  colors,
  onSelectKey,
  otherKey,
}: {
  data: readonly ChartRow[];
  keys: readonly string[];
  colors: ReadonlyMap<string, string>;
  onSelectKey?: (key: string) => void;
  otherKey: string | null;
}) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  const band = (x: string) => {
    const start = xScale(x, { position: "start" });
    const end = xScale(x, { position: "end" });
    return start === undefined || end === undefined ? undefined : ([start, end] as const);
  };
  const paths = stackPaths(data, keys.length, band, (value) => yScale(value) ?? 0);
  return (
    <g className="recharts-layer">
      {keys.map((key, index) => {
        if (!paths[index]) return null;
        const clickable = Boolean(onSelectKey) && key !== otherKey;
        return (
          <path
            key={key}
            d={paths[index]}
            fill={colors.get(key)}
            data-key={key}
            className={clickable ? "cursor-pointer" : undefined}
            onClick={clickable ? () => onSelectKey?.(key) : undefined}
          />
        );
      })}
    </g>
  );
}
