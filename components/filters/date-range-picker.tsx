"use client";
import { RANGE_LABELS, describeRange } from "@/lib/ui/date-range";
import { RANGE_PRESETS, resolveRange, type RangePreset } from "@/lib/contract/days";

/** Preset select plus two day inputs for a custom range; the days are the deployment zone's. */
export function DateRangePicker({
  range,
  from,
  to,
  today,
  timeZone,
  onChange,
  allowPreset,
  bounds,
  limitReason,
}: {
  /** In a shared view: which presets stay inside the link's days (the rest are not offered). */
  allowPreset?: (preset: RangePreset) => boolean;
  /** In a shared view: the first and last day custom dates may take. */
  bounds?: { from: string | null; to: string | null };
  /** Why some ranges are not offered (the select's tooltip). */
  limitReason?: string;
  range: RangePreset;
  from: string | null;
  to: string | null;
  today: string;
  timeZone: string;
  onChange: (patch: { range: RangePreset; from: string | null; to: string | null }) => void;
}) {
  const resolved = resolveRange(range, today, { from, to });
  const selectPreset = (preset: RangePreset) => {
    if (preset === "custom") {
      // Start a custom range from what is on screen, so the view does not jump.
      const current = resolveRange(range === "custom" ? "30d" : range, today);
      const start = current.from ?? from ?? today;
      const end = current.to ?? today;
      // Inside a shared view the custom days start within the link's own.
      const lo = bounds?.from && start < bounds.from ? bounds.from : start;
      const hi = bounds?.to && end > bounds.to ? bounds.to : end;
      onChange({ range: "custom", from: lo, to: hi });
    } else {
      onChange({ range: preset, from: null, to: null });
    }
  };
  // A typed day outside a shared view's days is moved to its nearest end (min/max only guide the picker).
  const clamp = (day: string | null) => {
    if (day === null || !bounds) return day;
    if (bounds.from && day < bounds.from) return bounds.from;
    if (bounds.to && day > bounds.to) return bounds.to;
    return day;
  };
  const inputClass =
    "h-8 rounded-md border border-border-strong bg-card px-2 text-sm tabular [color-scheme:inherit]";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="range-preset">
        Date range
      </label>
      <select
        id="range-preset"
        data-testid="range-preset"
        value={range}
        onChange={(event) => selectPreset(event.target.value as RangePreset)}
        title={limitReason || undefined}
        className="h-8 rounded-md border border-border-strong bg-card pl-2 pr-7 text-sm font-medium"
      >
        {RANGE_PRESETS.filter((preset) => preset === range || !allowPreset || allowPreset(preset)).map((preset) => (
          <option key={preset} value={preset}>
            {RANGE_LABELS[preset]}
          </option>
        ))}
      </select>
      {range === "custom" ? (
        <>
          <label className="sr-only" htmlFor="range-from">
            From
          </label>
          <input
            id="range-from"
            type="date"
            value={resolved.from ?? ""}
            min={bounds?.from ?? undefined}
            max={resolved.to ?? undefined}
            title={limitReason || undefined}
            onChange={(event) => onChange({ range: "custom", from: clamp(event.target.value || null) ?? bounds?.from ?? null, to: resolved.to })}
            className={inputClass}
          />
          <span aria-hidden="true" className="text-muted">
            –
          </span>
          <label className="sr-only" htmlFor="range-to">
            To
          </label>
          <input
            id="range-to"
            type="date"
            value={resolved.to ?? ""}
            min={resolved.from ?? undefined}
            max={bounds?.to ?? undefined}
            title={limitReason || undefined}
            onChange={(event) => onChange({ range: "custom", from: resolved.from, to: clamp(event.target.value || null) ?? bounds?.to ?? null })}
            className={inputClass}
          />
        </>
      ) : null}
      <span className="text-xs text-muted tabular" data-testid="range-description">
        {describeRange(resolved)} <span className="whitespace-nowrap">· {timeZone}</span>
      </span>
    </div>
  );
}
