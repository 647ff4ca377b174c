"use client";

/** The keys of a chart as buttons: a click (or Enter) narrows the filters to that key. */
export function ChartLegend({
  keys,
  colors,
  values,
  format,
  onSelect,
  selectLabel,
  otherKey = null,
}: {
  keys: string[];
  colors: Map<string, string>;
  values?: number[];
  format?: (value: number) => string;
  onSelect?: (key: string) => void;
  selectLabel?: (key: string) => string;
  otherKey?: string | null;
}) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Legend">
      {keys.map((key, index) => {
        const content = (
          <>
            <span aria-hidden="true" className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: colors.get(key) }} />
            <span className="max-w-[12rem] truncate">{key}</span>
            {values && format ? <span className="text-muted tabular">{format(values[index] ?? 0)}</span> : null}
          </>
        );
        return (
          <li key={key}>
            {onSelect && key !== otherKey ? (
              <button
                type="button"
                onClick={() => onSelect(key)}
                title={selectLabel?.(key)}
                aria-label={selectLabel?.(key)}
                data-testid="legend-item"
                className="inline-flex items-center gap-1.5 rounded px-1 py-0.5 text-xs hover:bg-subtle"
              >
                {content}
              </button>
            ) : (
              <span className="inline-flex items-center gap-1.5 px-1 py-0.5 text-xs">{content}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
