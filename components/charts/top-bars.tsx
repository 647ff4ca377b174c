"use client";
import dynamic from "next/dynamic";
import { useMemo } from "react";
import type { BarDatum } from "@/lib/ui/chart-data";
import { formatShare } from "@/lib/ui/format";

import { BAR_ROW as ROW, BAR_ROW_GAP as GAP } from "./top-bars-geometry";

// The bars come with the chart library, outside the first load: the rows (names, figures,
// buttons) show at once and the bars join them a moment later.
const BarsLayer = dynamic(() => import("./top-bars-layer").then((m) => m.TopBarsLayer), { ssr: false });

/**
 * Horizontal bars of the top keys. Every row is a real button (keyboard, screen readers, a
 * visible focus ring) holding the key and its figures; the bars are drawn by recharts in a
 * layer over the rows that takes no pointer events, one band per row. The top bar is marked:
 * the most costly thing should be obvious at a glance.
 */
export function TopBars({
  label,
  bars,
  colors,
  format,
  onSelect,
  selectLabel,
  testId,
}: {
  label: string;
  bars: BarDatum[];
  colors: Map<string, string>;
  format: (value: number) => string;
  onSelect?: (key: string) => void;
  selectLabel?: (key: string) => string;
  testId?: string;
}) {
  const max = bars.reduce((m, bar) => Math.max(m, bar.value), 0);
  // More than six rows: two columns on wide screens, read down the first column first.
  const columns = useMemo(() => {
    if (bars.length <= 6) return [bars];
    const half = Math.ceil(bars.length / 2);
    return [bars.slice(0, half), bars.slice(half)];
  }, [bars]);

  return (
    <div data-testid={testId} className={columns.length > 1 ? "grid gap-1 lg:grid-cols-2 lg:gap-x-8" : ""}>
      {columns.map((column, c) => (
        <div key={c} className="relative">
          <ol
            aria-label={columns.length > 1 ? `${label}, ${c === 0 ? "first" : "second"} half` : label}
            start={c === 0 ? undefined : columns[0]!.length + 1}
            className="grid"
            style={{ gap: GAP }}
          >
            {column.map((bar) => {
              const index = bars.indexOf(bar);
              const inner = (
                <span className="flex items-center justify-between gap-3 text-sm">
                  <span className="flex min-w-0 items-center gap-1.5">
                    <span className="truncate" title={bar.key}>
                      {bar.key}
                    </span>
                    {index === 0 && bars.length > 1 ? (
                      <span className="shrink-0 rounded bg-accent-soft px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-accent">
                        Top
                      </span>
                    ) : null}
                  </span>
                  <span className="shrink-0 font-medium tabular">
                    {format(bar.value)} <span className="ml-1 text-xs font-normal text-muted">{formatShare(bar.share)}</span>
                  </span>
                </span>
              );
              // Content from the top (a button centres it by default): the bar is drawn under the text line.
              const rowClass = "flex w-full flex-col rounded-md px-2 pt-1.5 text-left";
              return (
                <li key={bar.key} style={{ height: ROW }}>
                  {onSelect ? (
                    <button
                      type="button"
                      onClick={() => onSelect(bar.key)}
                      aria-label={selectLabel ? `${selectLabel(bar.key)}: ${format(bar.value)}, ${formatShare(bar.share)}` : undefined}
                      data-testid="top-bar"
                      data-key={bar.key}
                      className={rowClass + " h-full hover:bg-subtle"}
                    >
                      {inner}
                    </button>
                  ) : (
                    <div className={rowClass + " h-full"}>{inner}</div>
                  )}
                </li>
              );
            })}
          </ol>
          <BarsLayer bars={column} max={max} colors={colors} />
        </div>
      ))}
    </div>
  );
}
