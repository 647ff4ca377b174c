"use client";
import { RUN_SORTS, RUN_SORT_SPECS, type RunSort, type SortDir } from "@/lib/contract/sorts";
import type { RunRow } from "@/lib/contract/answers";
import { colorForKey } from "@/lib/ui/colors";
import { formatDateTime, formatDuration, formatMoney } from "@/lib/ui/format";
import { StatusBadge } from "./status-badge";

/**
 * The runs page on a phone: one card per run with what identifies it and what it cost, the
 * rest in its details. Ten table columns on a 390 px screen mean sideways swiping; a card
 * reads top to bottom. Sorting, which the table does by its headers, is a select here.
 */
export function RunCards({
  rows,
  timeZone,
  sort,
  dir,
  onSortChange,
  selected,
  onSelect,
  className = "",
}: {
  rows: RunRow[];
  timeZone: string;
  sort: RunSort;
  dir: SortDir;
  onSortChange: (sort: RunSort, dir: SortDir) => void;
  selected: string | null;
  onSelect: (runId: string) => void;
  className?: string;
}) {
  return (
    <div className={className} data-testid="run-cards">
      <div className="mb-2 flex items-center gap-2 text-sm">
        <label htmlFor="run-cards-sort" className="text-muted">
          Sort by
        </label>
        <select
          id="run-cards-sort"
          value={sort}
          onChange={(event) => onSortChange(event.target.value as RunSort, dir)}
          className="h-8 min-w-0 flex-1 rounded-md border border-border-strong bg-card pl-2 pr-7 text-sm font-medium"
        >
          {RUN_SORTS.map((option) => (
            <option key={option} value={option}>
              {RUN_SORT_SPECS[option].label}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => onSortChange(sort, dir === "desc" ? "asc" : "desc")}
          aria-label={dir === "desc" ? "Descending; switch to ascending" : "Ascending; switch to descending"}
          className="inline-flex h-8 items-center gap-1 rounded-md border border-border-strong bg-card px-2.5 text-sm font-medium hover:bg-subtle"
        >
          <span aria-hidden="true">{dir === "desc" ? "↓" : "↑"}</span>
          {dir === "desc" ? "Desc" : "Asc"}
        </button>
      </div>
      <ul aria-label="Runs" className="flex flex-col divide-y divide-border">
        {rows.map((row) => {
          const open = selected === row.runId;
          const name = row.title || row.runId;
          return (
            <li key={row.runId} data-testid="run-card" aria-current={open ? "true" : undefined} className={open ? "bg-accent-soft" : ""}>
              <button
                type="button"
                onClick={() => onSelect(row.runId)}
                aria-expanded={open}
                aria-label={`Details of run ${name}: ${formatMoney(row.totalCostAmount, row.totalCostCurrency)}, ${row.status}`}
                data-testid="run-card-open"
                className="block w-full px-1 py-2.5 text-left"
              >
                <span className="flex items-baseline justify-between gap-3">
                  <span className="min-w-0 truncate font-medium">{name}</span>
                  <span className="shrink-0 font-semibold tabular">{formatMoney(row.totalCostAmount, row.totalCostCurrency)}</span>
                </span>
                <span className="mt-0.5 flex items-center justify-between gap-3 text-xs text-muted">
                  <span className="min-w-0 truncate">
                    {row.projectKey} · {row.userName}
                  </span>
                  <span className="shrink-0 tabular">{formatDuration(row.runDurationSec)}</span>
                </span>
                <span className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
                  <StatusBadge status={row.status} />
                  <span className="inline-flex min-w-0 items-center gap-1.5">
                    <span aria-hidden="true" className="h-2 w-2 shrink-0 rounded-sm" style={{ background: colorForKey(row.hardwareTier) }} />
                    <span className="truncate">{row.hardwareTier}</span>
                  </span>
                  <span className="text-muted tabular">{formatDateTime(row.startedAt, timeZone)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
