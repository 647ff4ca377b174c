"use client";
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type MouseEvent } from "react";
import { seriesField, type SeriesRow } from "@/lib/ui/chart-data";
import { bandLayout, categoryAt, niceTicks, px, segmentsPath, stackSeries, visibleLabels } from "@/lib/ui/chart-scale";
import { formatMoney } from "@/lib/ui/format";

/** The value axis's width on the left, and the space kept around the plot. */
const AXIS_WIDTH = 56;
const LEFT = AXIS_WIDTH + 4;
const RIGHT = 4;
const TOP = 8;
/** Under the plot: the category labels. */
const BOTTOM = 26;
const FONT_SIZE = 11;
/** From the pointer to the tooltip's nearest corner. */
const TOOLTIP_OFFSET = 12;

/**
 * Cost per day, week or month, stacked by key, in plain SVG: one path per key, so a thousand
 * segments redraw in a few milliseconds, which keeps a filter change fast. Clicking a segment
 * narrows the filters to its key. The chart is aria-hidden and takes no focus: the legend
 * buttons and the table carry it for keyboards and screen readers.
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
  const box = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  // Measured before the first paint, so the chart appears at its size with no jump.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The stacks and the value axis depend on the data only, not on the size or the pointer.
  const scale = useMemo(() => {
    const values = keys.map((_, index) => {
      const field = seriesField(index);
      return rows.map((row) => Number(row[field] ?? 0));
    });
    const stacks = stackSeries(values, rows.length);
    const tops = stacks[stacks.length - 1]?.high;
    const max = tops ? tops.reduce((most, value) => Math.max(most, value), 0) : 0;
    const ticks = niceTicks(max);
    return { stacks, ticks, top: ticks[ticks.length - 1] || 1 };
  }, [rows, keys]);

  const plotBottom = height - BOTTOM;
  const plotWidth = Math.max(0, (width ?? 0) - LEFT - RIGHT);
  const bands = useMemo(() => bandLayout(rows.length, plotWidth), [rows.length, plotWidth]);
  // Where a stacked value sits, in px from the top: 0 at the plot's bottom, the top tick at its top.
  const toY = useCallback((value: number) => plotBottom - (value / scale.top) * (plotBottom - TOP), [plotBottom, scale.top]);

  // Built once per data, size or colour change: one path per key, not a node per segment.
  // Hovering re-renders the chart and hands React this same element, which it then skips.
  const bars = useMemo(() => {
    if (width === null) return null;
    const { band, bar, inset } = bands;
    const left = (category: number) => LEFT + category * band + inset;
    return keys.map((key, index) => {
      const stack = scale.stacks[index];
      const d = stack ? segmentsPath(stack, left, bar, toY) : "";
      if (!d) return null;
      const selectable = Boolean(onSelectKey) && key !== otherKey;
      // The key index is read on click, from the path clicked.
      return <path key={key} d={d} data-k={index} fill={colors.get(key)} className={selectable ? "cursor-pointer" : undefined} />;
    });
  }, [width, bands, toY, scale, keys, colors, onSelectKey, otherKey]);

  const axes = useMemo(() => {
    if (width === null) return null;
    const labels = rows.map((row) => row.label);
    return (
      <g fontSize={FONT_SIZE} fill="var(--muted)">
        {scale.ticks.map((tick) => {
          const at = px(toY(tick)) + 0.5;
          return (
            <g key={tick}>
              <line x1={LEFT} x2={width - RIGHT} y1={at} y2={at} stroke="var(--grid)" />
              <text x={AXIS_WIDTH - 4} y={at} dy="0.355em" textAnchor="end">
                {formatMoney(tick, currency, { compact: true })}
              </text>
            </g>
          );
        })}
        {visibleLabels(labels, bands.band, LEFT, width, 16, FONT_SIZE).map(({ index, x }) => (
          <text key={index} x={px(x)} y={plotBottom + 8} dy="0.71em" textAnchor="middle">
            {labels[index]}
          </text>
        ))}
      </g>
    );
  }, [width, plotBottom, bands, toY, scale, rows, currency]);

  // Where the tooltip goes: beside the pointer, flipped to the other side near an edge, and
  // always inside the chart. Set on the element itself: following the pointer needs no render.
  const place = () => {
    const element = tooltip.current;
    const at = pointer.current;
    if (!element || !at || width === null) return;
    const w = element.offsetWidth;
    const h = element.offsetHeight;
    let left = at.x + TOOLTIP_OFFSET;
    if (left + w > width) left = at.x - TOOLTIP_OFFSET - w;
    let top = at.y + TOOLTIP_OFFSET;
    if (top + h > height) top = at.y - TOOLTIP_OFFSET - h;
    left = Math.max(0, Math.min(left, width - w));
    top = Math.max(0, Math.min(top, height - h));
    element.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  };
  // A new bucket changes the tooltip's content, and so its size: place it once it is drawn.
  useLayoutEffect(place);

  // One handler for the whole chart: the bucket comes from the pointer's x.
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const frame = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - frame.left;
    const at = { x, y: event.clientY - frame.top };
    pointer.current = at;
    const index = at.y >= TOP && at.y <= plotBottom ? categoryAt(x - LEFT, bands.band, rows.length) : null;
    if (index !== hover) setHover(index);
    else place();
  };
  const onLeave = (event: PointerEvent<SVGSVGElement>) => {
    // A finger lifted also "leaves": keep the tapped bucket's tooltip until the next touch.
    if (event.pointerType === "touch" && event.type === "pointerleave") return;
    pointer.current = null;
    setHover(null);
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const target = event.target as Element;
    const index = target.getAttribute("data-k");
    const key = index == null ? undefined : keys[Number(index)];
    if (key !== undefined && key !== otherKey) onSelectKey?.(key);
  };

  const row = hover === null ? undefined : rows[hover];
  return (
    // Until its width is known the box says it shows nothing yet, so no check mistakes it for drawn.
    <div ref={box} style={{ height }} className="relative w-full" aria-hidden="true" data-shows={width === null ? "" : undefined}>
      {width === null ? null : (
        <svg
          width={width}
          height={height}
          className="block select-none"
          focusable="false"
          onPointerMove={onPointer}
          onPointerDown={onPointer}
          onPointerLeave={onLeave}
          onPointerCancel={onLeave}
          onClick={onClick}
        >
          {axes}
          {row && hover !== null ? (
            <rect x={px(LEFT + hover * bands.band)} y={TOP} width={px(bands.band)} height={plotBottom - TOP} fill="var(--subtle)" />
          ) : null}
          {bars}
          {/* Drawn in the same commit as the bars: says which filters they show. */}
          <g data-testid="chart-drawn" data-shows={shows} />
        </svg>
      )}
      {row && hover !== null ? (
        <div ref={tooltip} className="pointer-events-none absolute left-0 top-0 z-10">
          <div className="min-w-44 rounded-lg border border-border bg-card px-3 py-2 text-xs shadow-lg">
            <p className="mb-1 font-medium">{row.label}</p>
            {keys
              .map((key, index) => ({ key, index, value: Number(row[seriesField(index)] ?? 0) }))
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
          </div>
        </div>
      ) : null}
    </div>
  );
});
