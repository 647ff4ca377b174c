"use client";
import { apiUrl } from "@/lib/query/resources";
import type { Filters } from "@/lib/contract/filters";
import { useSettings } from "@/components/layout/settings-context";

export type CsvPath = "/api/runs.csv" | "/api/breakdown.csv" | "/api/timeseries.csv" | "/api/running.csv";

/**
 * Downloads what the page shows, with the page's own filters, as plain links: the file is
 * streamed by the server straight to disk (no JavaScript holds it), and the same URL works
 * with curl. "Excel" is the same file with a UTF-8 byte order mark, so Excel reads
 * non-Latin letters correctly.
 */
export function DownloadCsvButton({
  path,
  filters,
  params = {},
}: {
  path: CsvPath;
  filters: Filters;
  /** The route's own parameters besides the filters (sort, grouping, search). */
  params?: Record<string, string | number | null | undefined>;
}) {
  const { shareScope } = useSettings();
  // A shared link made without CSV downloads: the server would refuse the file.
  if (shareScope && !shareScope.csv) return null;
  const href = apiUrl(path, filters, params);
  const excelHref = apiUrl(path, filters, { ...params, format: "excel" });
  return (
    <div className="inline-flex h-8 items-stretch overflow-hidden rounded-md border border-border-strong bg-card text-sm font-medium">
      <a
        href={href}
        download
        data-testid="download-csv"
        className="inline-flex items-center gap-1.5 px-3 hover:bg-subtle"
        title="Download what this page shows as CSV, with its filters"
      >
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M12 3v12m0 0l-4-4m4 4l4-4M4 17v3h16v-3" />
        </svg>
        Download CSV
      </a>
      <a
        href={excelHref}
        download
        data-testid="download-csv-excel"
        className="inline-flex items-center border-l border-border-strong px-2.5 text-muted hover:bg-subtle hover:text-inherit"
        aria-label="Download CSV for Excel"
        title="The same CSV with a byte order mark, for opening in Excel"
      >
        Excel
      </a>
    </div>
  );
}
