"use client";
import { DIMENSION_OF, FILTER_LISTS } from "@/lib/contract/dimensions";
import { filtersQuery } from "@/lib/contract/filters";
import { filterChips, withoutValue, type FilterChip } from "@/lib/ui/filters";
import { canRemove, isLocked, lockedReason, presetAllowed, rangeReason, resetLists } from "@/lib/ui/share-limits";
import { useSettings } from "@/components/layout/settings-context";
import { DateRangePicker } from "./date-range-picker";
import { FilterChips } from "./filter-chips";
import { MultiSelect } from "./multi-select";
import { useFilters } from "./use-filters";
import { useShareLimits } from "./use-share-limits";

/**
 * The filters every page shares: the date range, one picker per dimension, the active chips.
 * In a shared view it offers only what stays inside the link (useShareLimits): the server
 * would refuse anything wider, so it is hidden or locked, with a tooltip saying why.
 */
export function FilterBar() {
  const { timeZone } = useSettings();
  const { filters, apiFilters, today, setFilters } = useFilters();
  const limits = useShareLimits();
  const chips = filterChips(filters);
  const chipLock = (chip: FilterChip) =>
    limits && !canRemove(chip.key, filters[chip.key], chip.value, limits) ? lockedReason(chip.key, limits) : null;
  const reset = limits ? resetLists(limits) : null;
  // Inside a shared view "clear" means back to the link's lists, offered only when something differs.
  const atReset = reset !== null && FILTER_LISTS.every((key) => (reset[key] ?? []).join("\n") === [...filters[key]].sort().join("\n"));
  return (
    <div className="mb-6 flex flex-col gap-3 rounded-xl border border-border bg-card p-3" role="search" aria-label="Filters" data-filters={filtersQuery(apiFilters)}>
      <div className="flex flex-wrap items-center gap-2">
        <DateRangePicker
          range={filters.range}
          from={filters.from}
          to={filters.to}
          today={today}
          timeZone={timeZone}
          onChange={(patch) => setFilters(patch)}
          allowPreset={limits ? (preset) => presetAllowed(preset, today, limits) : undefined}
          bounds={limits ? { from: limits.from, to: limits.to } : undefined}
          limitReason={limits ? rangeReason(limits) : undefined}
        />
        <span aria-hidden="true" className="mx-1 hidden h-5 w-px bg-border sm:block" />
        {FILTER_LISTS.map((key) => (
          <MultiSelect
            key={key}
            dim={DIMENSION_OF[key]}
            selected={filters[key]}
            filters={{ ...apiFilters, [key]: [] }}
            onChange={(values) => setFilters({ [key]: values })}
            only={limits && isLocked(key, limits) ? limits.lists[key] : undefined}
            lockedReason={limits && isLocked(key, limits) ? lockedReason(key, limits) : undefined}
          />
        ))}
      </div>
      <FilterChips
        chips={chips}
        onRemove={(chip) => setFilters({ [chip.key]: withoutValue(filters[chip.key], chip.value) })}
        onClear={
          reset === null
            ? () => setFilters(Object.fromEntries(FILTER_LISTS.map((key) => [key, null])))
            : atReset
              ? null
              : () => setFilters(reset)
        }
        removable={chipLock}
        clearLabel={reset === null ? "Clear all" : "Back to the shared view"}
      />
    </div>
  );
}
