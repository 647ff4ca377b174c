"use client";

/** A small group of mutually exclusive options (day / week / month). */
export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
  disabledTitle,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string; disabled?: boolean }[];
  onChange: (value: T) => void;
  /** Why an option is unavailable, shown on hover. */
  disabledTitle?: string;
}) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-md border border-border bg-subtle p-0.5">
      {options.map((option) => {
        const checked = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={checked}
            disabled={option.disabled}
            title={option.disabled ? disabledTitle : undefined}
            onClick={() => onChange(option.value)}
            // No colour transition: options enable and disable with every date range change (see MultiSelect).
            className={
              "rounded px-2.5 py-1 text-xs font-medium " +
              (checked
                ? "bg-card text-foreground shadow-sm"
                : option.disabled
                  ? "cursor-not-allowed text-muted line-through decoration-1"
                  : "text-muted hover:text-foreground")
            }
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
