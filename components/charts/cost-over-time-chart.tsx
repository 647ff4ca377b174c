"use client";
import { memo, useRef } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, useXAxisDomain, useYAxisDomain } from "recharts";
import { seriesField, type SeriesRow } from "@/lib/ui/chart-data";
import { formatMoney } from "@/lib/ui/format";

/**
 * Cost per day, week or month, stacked by key. Loaded on demand (next/dynamic): recharts is
 * the heaviest library on the page. Clicking a segment narrows the filters to its key.
 */
// Memoised: recharts redraws every bar on any render, and the card re-renders for every
// loading-state change; the chart needs to redraw only when its data, colours or size change.
export const CostOverTimeChart = memo(function CostOverTimeChart({
  rows,
  keys,
  colors,
  currency,
  height = 280,
  onSelectKey,
  otherKey = null,
  shows = "",
}: {
  /** Which filters `rows` answer (filtersSignature), or "" while they are a previous answer. */
  shows?: string;
  rows: SeriesRow[];
  keys: string[];
  colors: Map<string, string>;
  currency: string;
  height?: number;
  onSelectKey?: (key: string) => void;
  otherKey?: string | null;
}) {
  const money = (value: number) => formatMoney(value, currency, { compact: true });
  return (
    <div style={{ height }} className="w-full" aria-hidden="true">
      <BarChart
        responsive
        style={{ width: "100%", height: "100%" }}
        data={rows}
        margin={{ top: 4, right: 4, bottom: 0, left: 4 }}
        accessibilityLayer={false}
        // The chart is aria-hidden (the legend buttons and the table carry it for keyboards and
        // screen readers), so it must not take focus either.
        tabIndex={-1}
        barCategoryGap="18%"
      >
        <CartesianGrid vertical={false} stroke="var(--grid)" />
        <DrawnSignal rows={rows} shows={shows} />
        <XAxis
          dataKey="label"
          tickLine={false}
          axisLine={false}
          tick={{ fill: "var(--muted)", fontSize: 11 }}
          minTickGap={16}
        />
        <YAxis
          tickLine={false}
          axisLine={false}
          width={56}
          tick={{ fill: "var(--muted)", fontSize: 11 }}
          tickFormatter={money}
        />
        <Tooltip
          cursor={{ fill: "var(--subtle)" }}
          isAnimationActive={false}
          content={({ active, payload, label }) => {
            if (!active || !payload || payload.length === 0) return null;
            const row = payload[0]?.payload as SeriesRow | undefined;
            const items = payload.filter((item) => Number(item.value) > 0).reverse();
            return (
              <div className="min-w-44 rounded-lg border border-border bg-card px-3 py-2 text-xs shadow-lg">
                <p className="mb-1 font-medium">{label}</p>
                {items.map((item) => {
                  const index = Number(String(item.dataKey).slice(1));
                  const key = keys[index] ?? "";
                  return (
                    <p key={String(item.dataKey)} className="flex items-center justify-between gap-3">
                      <span className="flex min-w-0 items-center gap-1.5">
                        <span className="h-2 w-2 shrink-0 rounded-sm" style={{ background: colors.get(key) }} />
                        <span className="truncate">{key}</span>
                      </span>
                      <span className="tabular">{formatMoney(Number(item.value), currency)}</span>
                    </p>
                  );
                })}
                {row ? (
                  <p className="mt-1 flex justify-between gap-3 border-t border-border pt-1 font-medium">
                    <span>Total</span>
                    <span className="tabular">{formatMoney(row.total, currency)}</span>
                  </p>
                ) : null}
              </div>
            );
          }}
        />
        {keys.map((key, index) => (
          <Bar
            key={key}
            dataKey={seriesField(index)}
            name={key}
            stackId="cost"
            fill={colors.get(key)}
            isAnimationActive={false}
            cursor={onSelectKey && key !== otherKey ? "pointer" : undefined}
            onClick={onSelectKey && key !== otherKey ? () => onSelectKey(key) : undefined}
          />
        ))}
      </BarChart>
    </div>
  );
});

const NOT_DRAWN = Symbol("not drawn");

/**
 * Says when recharts has drawn `rows`: it copies a new `data` into its own store in an effect,
 * so the bars change one render after the props do. The axis domains come from that store:
 * when they move after `rows` changed, the bars on screen are the new ones (same commit).
 * `data-shows` then names the filters drawn, for whoever needs to know (the benchmark, tests).
 */
function DrawnSignal({ rows, shows }: { rows: SeriesRow[]; shows: string }) {
  const x = useXAxisDomain();
  const y = useYAxisDomain();
  const seen = useRef<{ rows: SeriesRow[]; x: unknown; y: unknown } | null>(null);
  if (seen.current === null) seen.current = { rows, x: NOT_DRAWN, y: NOT_DRAWN };
  else if (seen.current.rows !== rows) seen.current = { rows, x, y };
  const moved = seen.current.x !== x || seen.current.y !== y;
  const drawn = moved && Array.isArray(x) && x.length === rows.length;
  return <g data-testid="chart-drawn" data-shows={drawn ? shows : ""} />;
}
