"use client";
import { memo, useMemo } from "react";
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, useXAxisDomain } from "recharts";
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
import { useBoxWidth } from "./use-box-width";

/** The value axis's width on the left. */
const AXIS_WIDTH = 56;
const FONT_SIZE = 11;
const MARGIN = { top: 8, right: 4, bottom: 0, left: 4 };
const NO_OVERLAYS: readonly ChartOverlay[] = [];

/**
 * One category's stacked segments, drawn in the place recharts gives its total's bar: each key's
 * share of the bar's height, the first key at the bottom. One Bar for the whole stack instead of
 * one per key: recharts keeps a store entry and subscriptions for every Bar, and with nine keys
 * that bookkeeping, not the drawing, was most of a redraw's time.
 */
function stackedSegments(
  keys: readonly string[],
  colors: ReadonlyMap<string, string>,
  selectable: (key: string) => boolean,
  onSelectKey: ((key: string) => void) | undefined,
) {
  return function StackedSegments(props: { x?: number | string; y?: number | string; width?: number | string; height?: number | string; payload?: ChartRow }) {
    const row = props.payload;
    const height = Number(props.height ?? 0);
    const total = row?.total ?? 0;
    if (!row || !(height > 0) || !(total > 0)) return <g />;
    const x = Number(props.x ?? 0);
    const width = Number(props.width ?? 0);
    let bottom = Number(props.y ?? 0) + height;
    return (
      <g>
        {keys.map((key, index) => {
          const value = Number(row[seriesField(index)] ?? 0);
          if (!(value > 0)) return null;
          const segment = (height * value) / total;
          bottom -= segment;
          const clickable = selectable(key);
          return (
            <rect
              key={key}
              x={x}
              y={bottom}
              width={width}
              height={segment}
              fill={colors.get(key)}
              className={clickable ? "cursor-pointer" : undefined}
              onClick={clickable ? () => onSelectKey?.(key) : undefined}
            />
          );
        })}
      </g>
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
 * Cost per day, week or month, stacked by key, drawn by recharts: one Bar whose shape stacks the keys (at most
 * about 120 categories: lib/ui/chart-interval.ts), no animation, rows memoised by their
 * inputs. Clicking a segment narrows the filters to its key. `overlays` adds dashed or solid
 * lines over the bars (a forecast, a budget) from the same pure shaping (toChartRows).
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

  // The stack's one Bar, built once per keys, colours and handler: hovering re-renders nothing here.
  const bars = useMemo(() => {
    const selectable = (key: string) => Boolean(onSelectKey) && key !== otherKey;
    return (
      <Bar dataKey="total" name="Total" fill="transparent" isAnimationActive={false} shape={stackedSegments(keys, colors, selectable, onSelectKey)} />
    );
  }, [keys, colors, onSelectKey, otherKey]);
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
            tickFormatter={(x: string) => labels.get(x) ?? ""}
            tick={{ fontSize: FONT_SIZE, fill: "var(--muted)" }}
            tickLine={false}
            axisLine={{ stroke: "var(--grid)" }}
            minTickGap={16}
            interval="preserveStartEnd"
          />
          <YAxis
            width={AXIS_WIDTH}
            tickFormatter={money}
            tick={{ fontSize: FONT_SIZE, fill: "var(--muted)" }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: "var(--subtle)" }}
            content={<CostTooltip keys={keys} overlays={overlays} colors={colors} currency={currency} />}
            wrapperStyle={{ zIndex: 10, outline: "none" }}
          />
          {bars}
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
