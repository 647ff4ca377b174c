"use client";
import type { BarDatum } from "@/lib/ui/chart-data";
import { formatShare } from "@/lib/ui/format";

/**
 * Horizontal bars of the top keys, drawn in HTML: every bar is a real button (keyboard,
 * screen readers, a visible focus ring) and costs no chart library. The top bar is marked:
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
  return (
    <ol
      aria-label={label}
      data-testid={testId}
      className={"grid gap-1 " + (bars.length > 6 ? "lg:grid-flow-col lg:grid-cols-2 lg:gap-x-8" : "")}
      style={bars.length > 6 ? { gridTemplateRows: `repeat(${Math.ceil(bars.length / 2)}, auto)` } : undefined}
    >
      {bars.map((bar, index) => {
        const width = max > 0 ? Math.max(1.5, (bar.value / max) * 100) : 0;
        const inner = (
          <>
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
            <span aria-hidden="true" className="mt-1 block h-2 w-full overflow-hidden rounded-full bg-subtle">
              <span className="block h-full rounded-full" style={{ width: `${width}%`, background: colors.get(bar.key) }} />
            </span>
          </>
        );
        return (
          <li key={bar.key}>
            {onSelect ? (
              <button
                type="button"
                onClick={() => onSelect(bar.key)}
                aria-label={selectLabel ? `${selectLabel(bar.key)}: ${format(bar.value)}, ${formatShare(bar.share)}` : undefined}
                data-testid="top-bar"
                data-key={bar.key}
                className="block w-full rounded-md px-2 py-1.5 text-left hover:bg-subtle"
              >
                {inner}
              </button>
            ) : (
              <div className="px-2 py-1.5">{inner}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
