"use client";
import { RANGE_LABELS, RANGE_PRESETS, describeRange, resolveRange, type RangePreset } from "@/lib/ui/date-range";

/** Preset select plus two day inputs for a custom range; the days are the deployment zone's. */
export function DateRangePicker({
  range,
  from,
  to,
  today,
  timeZone,
  onChange,
}: {
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
      onChange({ range: "custom", from: current.from ?? from ?? today, to: current.to ?? today });
    } else {
      onChange({ range: preset, from: null, to: null });
    }
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
        className="h-8 rounded-md border border-border-strong bg-card pl-2 pr-7 text-sm font-medium"
      >
        {RANGE_PRESETS.map((preset) => (
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
            max={resolved.to ?? undefined}
            onChange={(event) => onChange({ range: "custom", from: event.target.value || null, to: resolved.to })}
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
            onChange={(event) => onChange({ range: "custom", from: resolved.from, to: event.target.value || null })}
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
