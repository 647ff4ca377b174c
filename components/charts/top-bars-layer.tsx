"use client";
import { memo, useMemo } from "react";
import { Bar, BarChart, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { BarDatum } from "@/lib/ui/chart-data";
import { BAR_CENTRE, BAR_ROW, BAR_ROW_GAP, BAR_SIZE } from "./top-bars-geometry";
import { useBoxWidth } from "./use-box-width";

const PITCH = BAR_ROW + BAR_ROW_GAP;
const MARGIN = { top: 0, right: 0, bottom: 0, left: 0 };

/**
 * One row's bar and its track, placed under the row's text by the row's index: recharts gives
 * the length (its value scale), the rows' own geometry gives the height, the key its colour.
 */
function rowBar(colors: Map<string, string>) {
  return function RowBar({ x, width, index, background, payload }: BarShapeProps) {
    const y = index * PITCH + BAR_CENTRE - BAR_SIZE / 2;
    const r = BAR_SIZE / 2;
    return (
      <g>
        <rect x={background?.x ?? x} y={y} width={Math.max(0, background?.width ?? 0)} height={BAR_SIZE} rx={r} fill="var(--subtle)" />
        <rect x={x} y={y} width={Math.max(0, Number(width ?? 0))} height={BAR_SIZE} rx={r} fill={colors.get((payload as BarDatum).key)} />
      </g>
    );
  };
}

/**
 * The bars of one column, over the rows and letting every pointer through. Memoised: the card
 * re-renders on every filter change and loading state, the bars only when their answer changes.
 * Four of these redraw on every filter change, so each is as lean as recharts allows: a fixed,
 * measured width (useBoxWidth, no ResponsiveContainer), the colours drawn by the shape (no Cell per row).
 */
export const TopBarsLayer = memo(function TopBarsLayer({ bars, max, colors }: { bars: BarDatum[]; max: number; colors: Map<string, string> }) {
  const { box, width } = useBoxWidth<HTMLDivElement>();
  const shape = useMemo(() => rowBar(colors), [colors]);
  const height = bars.length * PITCH;
  return (
    <div ref={box} aria-hidden="true" className="pointer-events-none absolute inset-x-2 top-0" style={{ height }}>
      {width === null ? null : (
        <BarChart width={width} height={height} data={bars} layout="vertical" margin={MARGIN} barCategoryGap={0} accessibilityLayer={false}>
          <XAxis type="number" hide domain={[0, max > 0 ? max : 1]} />
          <YAxis type="category" dataKey="key" hide />
          <Bar dataKey="value" barSize={BAR_SIZE} minPointSize={max > 0 ? 3 : 0} shape={shape} isAnimationActive={false} />
        </BarChart>
      )}
    </div>
  );
});
