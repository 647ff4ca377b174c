import type { Delta } from "@/lib/ui/format";
import { Skeleton } from "@/components/layout/skeleton";

/**
 * One headline figure with its change against the previous period. For costs a rise is
 * bad news, so `upIsBad` colours it red; for neutral counts the change stays grey.
 */
export function KpiCard({
  label,
  value,
  exact,
  delta,
  upIsBad = null,
  note,
  tooltip,
  loading,
  emphasis = false,
  testId,
}: {
  label: string;
  value: string | null;
  exact?: string;
  delta: Delta | null;
  /** true for costs (a rise is bad), false where a rise is good, null for neutral figures. */
  upIsBad?: boolean | null;
  note?: React.ReactNode;
  /** The figure's rule in words, behind an info mark (hover, or focus it with the keyboard). */
  tooltip?: string;
  loading: boolean;
  emphasis?: boolean;
  testId?: string;
}) {
  const tone =
    !delta || upIsBad === null || delta.direction === "none" || delta.direction === "flat"
      ? "text-muted"
      : (delta.direction === "up") === upIsBad
        ? "text-danger"
        : "text-success";
  return (
    <div
      data-testid={testId}
      className={
        "min-w-0 rounded-xl border bg-card p-4 shadow-[0_1px_2px_rgba(15,23,42,0.04)] " +
        (emphasis ? "border-accent/50" : "border-border")
      }
    >
      <p className="flex items-center gap-1 text-xs font-medium uppercase tracking-wide text-muted">
        {label}
        {tooltip ? (
          <span
            role="img"
            tabIndex={0}
            aria-label={tooltip}
            title={tooltip}
            data-testid={testId ? `${testId}-rule` : undefined}
            className="inline-flex h-3.5 w-3.5 cursor-help items-center justify-center rounded-full border border-current text-[0.6rem] normal-case leading-none focus-visible:outline-2 focus-visible:outline-accent"
          >
            i
          </span>
        ) : null}
      </p>
      {loading || value === null ? (
        <>
          <Skeleton className="mt-2 h-8 w-28" />
          <Skeleton className="mt-2 h-4 w-20" />
        </>
      ) : (
        <>
          <p className="mt-1.5 truncate text-xl font-semibold tracking-tight tabular sm:text-2xl lg:text-[1.7rem]" title={exact} data-testid={testId ? `${testId}-value` : undefined}>
            {value}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-1.5 text-xs">
            {delta ? (
              <span className={"inline-flex items-center gap-0.5 font-medium tabular " + tone}>
                {delta.direction === "up" ? (
                  <span aria-hidden="true">▲</span>
                ) : delta.direction === "down" ? (
                  <span aria-hidden="true">▼</span>
                ) : null}
                {delta.label}
              </span>
            ) : null}
            {delta && delta.direction !== "none" ? <span className="text-muted">vs previous period</span> : null}
            {note ? <span className="text-muted">{note}</span> : null}
          </p>
        </>
      )}
    </div>
  );
}
