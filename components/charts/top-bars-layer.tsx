"use client";
import { memo } from "react";
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { BarDatum } from "@/lib/ui/chart-data";
import { BAR_CENTRE, BAR_ROW, BAR_ROW_GAP, BAR_SIZE } from "./top-bars-geometry";

const PITCH = BAR_ROW + BAR_ROW_GAP;

/**
 * One row's bar and its track, placed under the row's text by the row's index: recharts gives
 * the length (its value scale), the rows' own geometry gives the height.
 */
function RowBar({ x, width, index, fill, background }: BarShapeProps) {
  const y = index * PITCH + BAR_CENTRE - BAR_SIZE / 2;
  const r = BAR_SIZE / 2;
  return (
    <g>
      <rect x={background?.x ?? x} y={y} width={Math.max(0, background?.width ?? 0)} height={BAR_SIZE} rx={r} fill="var(--subtle)" />
      <rect x={x} y={y} width={Math.max(0, Number(width ?? 0))} height={BAR_SIZE} rx={r} fill={fill} />
    </g>
  );
}

/**
 * The bars of one column, over the rows and letting every pointer through. Memoised: the card
 * re-renders on every filter change and loading state, the bars only when their answer changes.
 */
export const TopBarsLayer = memo(function TopBarsLayer({ bars, max, colors }: { bars: BarDatum[]; max: number; colors: Map<string, string> }) {
  return (
    <div aria-hidden="true" className="pointer-events-none absolute inset-x-2 top-0" style={{ height: bars.length * PITCH }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 300, height: bars.length * PITCH }}>
        <BarChart data={bars} layout="vertical" margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={0} accessibilityLayer={false}>
          <XAxis type="number" hide domain={[0, max > 0 ? max : 1]} />
          <YAxis type="category" dataKey="key" hide />
          <Bar
            dataKey="value"
            barSize={BAR_SIZE}
            minPointSize={max > 0 ? 3 : 0}
            shape={RowBar}
            isAnimationActive={false}
          >
            {bars.map((bar) => (
              <Cell key={bar.key} fill={colors.get(bar.key)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
