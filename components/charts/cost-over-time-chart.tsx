"use client";
import { memo, useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, useXAxisDomain, type BaseTickContentProps } from "recharts";
import {
  chartRowVersion,
  overlayField,
  seriesField,
  toChartRows,
  type ChartOverlay,
  type ChartRow,
  type SeriesRow,
} from "@/lib/ui/chart-data";
import { formatMoney } from "@/lib/ui/format";
import { labelInterval } from "@/lib/ui/label-interval";
import { StackedBars } from "./stacked-bars";
import { textWidth } from "./text-width";
import { useBoxWidth } from "./use-box-width";

/** The value axis's width on the left. */
const AXIS_WIDTH = 56;
const FONT_SIZE = 11;
/** Least space between two date labels. */
const LABEL_GAP = 16;
const MARGIN = { top: 8, right: 4, bottom: 0, left: 4 };
const NO_OVERLAYS: readonly ChartOverlay[] = [];

/**
 * Axis labels as plain SVG text, kept inside a chart `width` wide. Recharts' own label component
 * measures every word of them in the page, to wrap them; these short labels never wrap, so the
 * page need not be laid out mid-redraw. A centred label that would run past an edge moves in.
 */
function axisLabel(width: number) {
  return function AxisLabel({ x, y, index, payload, textAnchor, verticalAnchor, tickFormatter }: BaseTickContentProps) {
    const text = tickFormatter ? tickFormatter(payload.value, index) : String(payload.value);
    const half = textAnchor === "middle" ? textWidth(text, FONT_SIZE) / 2 : 0;
    return (
      <text
        x={half > 0 ? Math.min(Math.max(Number(x), half), width - half) : x}
        y={y}
        // Recharts' offsets: below the axis the text hangs from the tick, beside it sits centred on it.
        dy={verticalAnchor === "start" ? "0.71em" : "0.355em"}
        textAnchor={textAnchor}
        fontSize={FONT_SIZE}
        fill="var(--muted)"
        className="recharts-cartesian-axis-tick-value"
      >
        {text}
      </text>
    );
  };
}

/** A new number for every new `rows` array: the chart's categories carry it (toChartRows). */
let lastVersion = 0;
const versions = new WeakMap<readonly SeriesRow[], number>();
function versionOf(rows: readonly SeriesRow[]): number {
  let version = versions.get(rows);
  if (version === undefined) {
    version = ++lastVersion;
    versions.set(rows, version);
  }
  return version;
}

/**
 * Cost per day, week or month, stacked by key, on a recharts chart: its axes, grid, tooltip and
 * scales, with the stacks drawn as one path per key (StackedBars; at most about 120 categories:
 * lib/ui/chart-interval.ts), no animation, rows memoised by their inputs. Clicking a segment
 * narrows the filters to its key. `overlays` adds dashed or solid lines over the bars (a
 * forecast, a budget) from the same pure shaping (toChartRows).
 * The chart is aria-hidden and takes no focus: the legend's buttons and the table carry it
 * for keyboards and screen readers.
 */
// Memoised: the card re-renders for every loading-state change; the chart needs to redraw only
// when its data, colours or size change.
export const CostOverTimeChart = memo(function CostOverTimeChart({
  rows,
  keys,
  colors,
  currency,
  height = 280,
  onSelectKey,
  otherKey = null,
  shows = "",
  overlays = NO_OVERLAYS,
}: {
  /** Which filters `rows` answer (filtersQuery), or "" while they are a previous answer. */
  shows?: string;
  rows: SeriesRow[];
  keys: string[];
  colors: Map<string, string>;
  currency: string;
  height?: number;
  onSelectKey?: (key: string) => void;
  otherKey?: string | null;
  overlays?: readonly ChartOverlay[];
}) {
  const { box, width } = useBoxWidth<HTMLDivElement>();

  const version = versionOf(rows);
  const data = useMemo(() => toChartRows(rows, version, overlays), [rows, version, overlays]);
  const labels = useMemo(() => new Map(data.map((row) => [row.x, row.label])), [data]);
  const money = useMemo(() => (value: number) => formatMoney(value, currency, { compact: true }), [currency]);
  const tickLabel = useMemo(() => axisLabel(width ?? 0), [width]);
  // Which date labels show, from their widths on a canvas (recharts would measure each in the page).
  const xInterval = useMemo(
    () => labelInterval(data.map((row) => row.label), (width ?? 0) - MARGIN.left - MARGIN.right - AXIS_WIDTH, LABEL_GAP, (label) => textWidth(label, FONT_SIZE)),
    [data, width],
  );

  const lines = useMemo(
    () =>
      overlays.map((overlay, index) => (
        <Line
          key={overlayField(index)}
          dataKey={overlayField(index)}
          name={overlay.label}
          stroke={overlay.color}
          strokeWidth={2}
          strokeDasharray={overlay.dashed ? "5 4" : undefined}
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      )),
    [overlays],
  );

  return (
    // Until its width is known the box says it shows nothing yet, so no check mistakes it for drawn.
    <div ref={box} style={{ height }} className="relative w-full select-none" aria-hidden="true" data-shows={width === null ? "" : undefined}>
      {width === null ? null : (
        <ComposedChart
          width={width}
          height={height}
          data={data}
          margin={MARGIN}
          barCategoryGap="18%"
          // The legend and the table give keyboard access; the drawing stays out of the tab order.
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            // Bands, as for bars: the stacked bars are drawn by StackedBars, not a recharts Bar.
            scale="band"
            tickFormatter={(x: string) => labels.get(x) ?? ""}
            tick={tickLabel}
            tickLine={false}
            axisLine={{ stroke: "var(--grid)" }}
            interval={xInterval}
          />
          <YAxis
            width={AXIS_WIDTH}
            tickFormatter={money}
            tick={tickLabel}
            tickLine={false}
            axisLine={false}
            // Its few ticks always fit: drawn without measuring each one.
            interval={0}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: "var(--subtle)" }}
            content={<CostTooltip keys={keys} overlays={overlays} colors={colors} currency={currency} />}
            wrapperStyle={{ zIndex: 10, outline: "none" }}
          />
          {/* Undrawn: the series' totals, for the value axis's range and the tooltip's row. An
              Area, not a Line: a Line measures its path's length in the page on every redraw. */}
          <Area dataKey="total" name="Total" stroke="none" fill="none" dot={false} activeDot={false} legendType="none" isAnimationActive={false} />
          <StackedBars data={data} keys={keys} colors={colors} onSelectKey={onSelectKey} otherKey={otherKey} />
          {lines}
          <DrawnMarker version={version} shows={shows} />
        </ComposedChart>
      )}
    </div>
  );
});

/**
 * Says which filters the bars on screen show, in the same commit as recharts draws them:
 * recharts takes new data through its store a render after its props change, so the marker
 * reads the categories the store holds and speaks only once they are the new answer's.
 */
function DrawnMarker({ version, shows }: { version: number; shows: string }) {
  const domain = useXAxisDomain();
  const drawn = Array.isArray(domain) && domain.length > 0 && chartRowVersion(domain[0]) === version;
  return <g data-testid="chart-drawn" data-shows={drawn ? shows : ""} />;
}

interface TooltipContent {
  active?: boolean;
  payload?: readonly { payload?: ChartRow }[];
}

function CostTooltip({
  active,
  payload,
  keys,
  overlays,
  colors,
  currency,
}: TooltipContent & { keys: string[]; overlays: readonly ChartOverlay[]; colors: Map<string, string>; currency: string }) {
  const row = active ? payload?.[0]?.payload : undefined;
  if (!row) return null;
  const lines = overlays
    .map((overlay, index) => ({ overlay, value: row[overlayField(index)] }))
    .filter((item): item is { overlay: ChartOverlay; value: number } => typeof item.value === "number");
  return (
    <div className="min-w-44 rounded-lg border border-border bg-card px-3 py-2 text-xs shadow-lg">
      <p className="mb-1 font-medium">{row.label}</p>
      {keys
        .map((key, index) => ({ key, value: Number(row[seriesField(index)] ?? 0) }))
        .filter((item) => item.value > 0)
        .reverse()
        .map((item) => (
          <p key={item.key} className="flex items-center justify-between gap-3">
            <span className="flex min-w-0 items-center gap-1.5">
              <span className="h-2 w-2 shrink-0 rounded-sm" style={{ background: colors.get(item.key) }} />
              <span className="truncate">{item.key}</span>
            </span>
            <span className="tabular">{formatMoney(item.value, currency)}</span>
          </p>
        ))}
      <p className="mt-1 flex justify-between gap-3 border-t border-border pt-1 font-medium">
        <span>Total</span>
        <span className="tabular">{formatMoney(row.total, currency)}</span>
      </p>
      {lines.map(({ overlay, value }) => (
        <p key={overlay.label} className="flex justify-between gap-3 text-muted">
          <span>{overlay.label}</span>
          <span className="tabular">{formatMoney(value, currency)}</span>
        </p>
      ))}
    </div>
  );
}
