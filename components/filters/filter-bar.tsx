"use client";
import { DIMENSION_OF, FILTER_KEYS } from "@/lib/ui/dimensions";
import { filterChips, withoutValue } from "@/lib/ui/filters";
import { useSettings } from "@/components/layout/settings-context";
import { DateRangePicker } from "./date-range-picker";
import { FilterChips } from "./filter-chips";
import { MultiSelect } from "./multi-select";
import { useFilters } from "./use-filters";

/** The filters every page shares: the date range, one picker per dimension, the active chips. */
export function FilterBar() {
  const { timeZone } = useSettings();
  const { filters, apiFilters, today, setFilters } = useFilters();
  const chips = filterChips(filters);
  return (
    <div className="mb-6 flex flex-col gap-3 rounded-xl border border-border bg-card p-3" role="search" aria-label="Filters">
      <div className="flex flex-wrap items-center gap-2">
        <DateRangePicker
          range={filters.range}
          from={filters.from}
          to={filters.to}
          today={today}
          timeZone={timeZone}
          onChange={(patch) => setFilters(patch)}
        />
        <span aria-hidden="true" className="mx-1 hidden h-5 w-px bg-border sm:block" />
        {FILTER_KEYS.map((key) => (
          <MultiSelect
            key={key}
            dim={DIMENSION_OF[key]}
            selected={filters[key]}
            filters={{ ...apiFilters, [key]: [] }}
            onChange={(values) => setFilters({ [key]: values })}
          />
        ))}
      </div>
      <FilterChips
        chips={chips}
        onRemove={(chip) => setFilters({ [chip.key]: withoutValue(filters[chip.key], chip.value) })}
        onClear={() => setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}
      />
    </div>
  );
}
