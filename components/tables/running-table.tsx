"use client";
import Link from "next/link";
import type { RunningRow } from "@/lib/contract/answers";
import { RUNNING_SORT_SPECS, type RunningSort, type SortDir } from "@/lib/contract/sorts";
import { formatDuration, formatMoney } from "@/lib/ui/format";
import { formatThreshold, runDetailsHref } from "@/lib/ui/running";
import { SortHeader } from "./sort-header";
import { StatusBadge } from "./status-badge";

const COLUMNS: readonly { sort: RunningSort; numeric?: boolean; className?: string }[] = [
  { sort: "user", className: "hidden md:table-cell" },
  { sort: "project", className: "hidden md:table-cell" },
  { sort: "hardwareTier", className: "hidden md:table-cell" },
  { sort: "runType", className: "hidden lg:table-cell" },
  { sort: "runTime", numeric: true },
  { sort: "cost", numeric: true },
  { sort: "costPerHour", numeric: true, className: "hidden sm:table-cell" },
];

/**
 * The runs in flight at the last sync; the server sorts and pages. A long-running run is
 * marked in words and colour (never colour alone), with its type's threshold.
 */
export function RunningTable({
  rows,
  timeZone,
  sort,
  dir,
  onSort,
}: {
  rows: RunningRow[];
  timeZone: string;
  sort: RunningSort;
  dir: SortDir;
  onSort: (sort: RunningSort) => void;
}) {
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full text-sm" data-testid="running-table">
        <caption className="sr-only">Runs in flight at the last sync</caption>
        <thead className="border-b border-border text-xs">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-medium text-muted sm:pl-5">
              Run
            </th>
            {COLUMNS.map((c) => (
              <SortHeader
                key={c.sort}
                label={RUNNING_SORT_SPECS[c.sort].label}
                active={sort === c.sort}
                dir={dir}
                onSort={() => onSort(c.sort)}
                align={c.numeric ? "right" : "left"}
                className={c.className ?? ""}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.runId}
              data-testid="running-row"
              data-long-running={row.longRunning ? "true" : "false"}
              className={"border-b border-border last:border-0 " + (row.longRunning ? "bg-warning/5" : "")}
            >
              <td className="max-w-[8.5rem] px-3 py-2 sm:max-w-[14rem] sm:pl-5">
                <Link
                  href={runDetailsHref(row, timeZone)}
                  prefetch={false}
                  className="block truncate font-medium hover:underline"
                  title={row.title}
                  data-testid="running-details"
                >
                  <span className="sr-only">Details of </span>
                  {row.title || row.runId}
                </Link>
                {/* Phones have no room for the user and project columns: they go under the title. */}
                <span className="block truncate text-xs text-muted md:hidden">
                  {row.userName} · {row.projectKey}
                </span>
                <span className="mt-0.5 flex flex-wrap items-center gap-1.5">
                  <StatusBadge status={row.status} />
                  {row.longRunning ? (
                    <span
                      className="inline-flex rounded-full border border-warning/50 px-2 py-px text-xs font-medium text-warning"
                      title={`In flight for more than ${formatThreshold(row.longRunHours)} (${row.runType})`}
                      data-testid="long-running-mark"
                    >
                      Long-running
                    </span>
                  ) : null}
                </span>
              </td>
              <td className="hidden max-w-[9rem] truncate px-3 py-2 md:table-cell" title={row.userName}>
                {row.userName}
              </td>
              <td className="hidden max-w-[12rem] truncate px-3 py-2 md:table-cell" title={row.projectKey}>
                {row.projectKey}
              </td>
              <td className="hidden whitespace-nowrap px-3 py-2 md:table-cell">{row.hardwareTier}</td>
              <td className="hidden whitespace-nowrap px-3 py-2 lg:table-cell">{row.runType}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular">{row.startTime ? formatDuration(row.runSeconds) : "queued"}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular">{formatMoney(row.cost, row.currency)}</td>
              <td className="hidden whitespace-nowrap px-3 py-2 text-right tabular sm:table-cell sm:pr-5">
                {formatMoney(row.costPerHour, row.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
