"use client";
import { formatCount } from "@/lib/ui/format";

/** Previous / next with "1–50 of 1,234". */
export function Pagination({
  page,
  pageSize,
  total,
  onPage,
  label = "rows",
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const button =
    "inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle disabled:cursor-not-allowed disabled:opacity-50";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 pt-3 text-sm">
      <p className="text-muted tabular" data-testid="pagination-summary">
        {formatCount(first)}–{formatCount(last)} of {total.toLocaleString("en-US")} {label}
      </p>
      <div className="flex items-center gap-2">
        <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <span className="text-muted tabular">
          Page {page} of {formatCount(pages)}
        </span>
        <button type="button" className={button} disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid="next-page">
          Next
        </button>
      </div>
    </nav>
  );
}
