"use client";
import { memo, useMemo } from "react";
import { Area, AreaChart, YAxis } from "recharts";

const MARGIN = { top: 2, right: 1, bottom: 2, left: 1 };

/**
 * A small trend line for a table row, drawn by recharts like every chart: no axes, no
 * tooltip, no animation. The figure is named for screen readers; the row's cells hold the numbers.
 */
export const Sparkline = memo(function Sparkline({
  values,
  color,
  width = 80,
  height = 22,
  label,
}: {
  values: number[];
  color: string;
  width?: number;
  height?: number;
  label: string;
}) {
  const data = useMemo(() => values.map((value, index) => ({ index, value })), [values]);
  if (values.length < 2) return null;
  return (
    <div role="img" aria-label={label} style={{ width, height }} data-testid="sparkline">
      <AreaChart width={width} height={height} data={data} margin={MARGIN} accessibilityLayer={false}>
        {/* From zero: a flat, cheap month must not look like a peak. */}
        <YAxis hide domain={[0, "dataMax"]} />
        <Area
          type="linear"
          dataKey="value"
          stroke={color}
          strokeWidth={1.5}
          fill={color}
          fillOpacity={0.12}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
});
