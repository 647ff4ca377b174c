"use client";
import type { FilterChip } from "@/lib/ui/filters";

/**
 * The active filters, each removable, and a clear-all. The row keeps its height with no filter
 * too, so adding the first one (or clearing them) does not shift the page below it.
 */
export function FilterChips({
  chips,
  onRemove,
  onClear,
  removable = () => null,
  clearLabel = "Clear all",
}: {
  chips: FilterChip[];
  onRemove: (chip: FilterChip) => void;
  /** Clear all, or null to offer none (a shared view already at its link's filters). */
  onClear: (() => void) | null;
  /** Null when the chip may go, else why it stays (a shared view's last fixed value). */
  removable?: (chip: FilterChip) => string | null;
  clearLabel?: string;
}) {
  if (chips.length === 0) {
    return (
      <p className="flex min-h-7 items-center text-xs text-muted" data-testid="no-filter-chips">
        No filters: every run in the date range.
      </p>
    );
  }
  return (
    <ul aria-label="Active filters" className="flex min-h-7 flex-wrap items-center gap-1.5" data-testid="filter-chips">
      {chips.map((chip) => (
        <li key={`${chip.key}:${chip.value}`}>
          <span className="inline-flex max-w-[18rem] items-center gap-1 rounded-full border border-border bg-subtle py-0.5 pl-2.5 pr-1 text-xs">
            <span className="truncate" title={chip.label}>
              {chip.label}
            </span>
            {removable(chip) === null ? (
              <button
                type="button"
                onClick={() => onRemove(chip)}
                aria-label={`Remove filter ${chip.label}`}
                className="inline-flex h-5 w-5 items-center justify-center rounded-full text-muted hover:bg-border hover:text-foreground"
              >
                <svg aria-hidden="true" width="10" height="10" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3">
                  <path d="M18 6 6 18M6 6l12 12" />
                </svg>
              </button>
            ) : (
              // A lock instead of the cross: this value is what the shared link shows.
              <span
                className="inline-flex h-5 w-5 items-center justify-center text-muted"
                title={removable(chip) ?? undefined}
                data-testid="chip-locked"
              >
                <svg aria-hidden="true" width="10" height="10" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3">
                  <rect x="5" y="11" width="14" height="10" rx="2" />
                  <path d="M8 11V7a4 4 0 0 1 8 0v4" />
                </svg>
                <span className="sr-only">{removable(chip)}</span>
              </span>
            )}
          </span>
        </li>
      ))}
      {onClear ? (
        <li>
          <button type="button" onClick={onClear} className="rounded px-2 py-0.5 text-xs font-medium text-accent hover:underline">
            {clearLabel}
          </button>
        </li>
      ) : null}
    </ul>
  );
}
