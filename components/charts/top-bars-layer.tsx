"use client";
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { BarDatum } from "@/lib/ui/chart-data";

import { BAR_CENTRE, BAR_ROW, BAR_ROW_GAP, BAR_SIZE } from "./top-bars-geometry";

/** The bars of one column, a band per row, over the rows and letting every pointer through. */
export function TopBarsLayer({ bars, max, colors }: { bars: BarDatum[]; max: number; colors: Map<string, string> }) {
  const pitch = BAR_ROW + BAR_ROW_GAP;
  // Bands of `pitch` px centred on each row's bar: the layer starts below the first row's top.
  const top = BAR_CENTRE - pitch / 2;
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute inset-x-2"
      style={{ top, height: bars.length * pitch }}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 300, height: bars.length * pitch }}>
        <BarChart data={bars} layout="vertical" margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={0} accessibilityLayer={false}>
          <XAxis type="number" hide domain={[0, max > 0 ? max : 1]} />
          <YAxis type="category" dataKey="key" hide />
          <Bar
            dataKey="value"
            barSize={BAR_SIZE}
            minPointSize={max > 0 ? 3 : 0}
            radius={BAR_SIZE / 2}
            background={{ fill: "var(--subtle)", radius: BAR_SIZE / 2 }}
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
}
