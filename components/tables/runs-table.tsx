"use client";
import { useMemo } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { RUN_SORTS, type RunSort, type SortDir } from "@/lib/contract/sorts";
import type { RunRow } from "@/lib/contract/answers";
import { colorForKey } from "@/lib/ui/colors";
import { formatDateTime, formatDuration, formatHours, formatMoney } from "@/lib/ui/format";
import { SortHeader } from "./sort-header";
import { StatusBadge } from "./status-badge";

const column = createColumnHelper<RunRow>();

const NUMERIC = new Set(["duration", "computeHours", "cost"]);
// Below 1536 px these give way, so the cost column fits on a laptop without scrolling; the
// run's details panel and the filters still show both.
const WIDE_ONLY = new Set(["runType", "computeHours"]);
const WIDE_ONLY_CLASS = "hidden 2xl:table-cell";

/** One page of runs; the server sorts and pages. Selecting a row opens its details. */
export function RunsTable({
  rows,
  timeZone,
  sort,
  dir,
  onSort,
  selected,
  onSelect,
  className = "",
}: {
  className?: string;
  rows: RunRow[];
  timeZone: string;
  sort: RunSort;
  dir: SortDir;
  onSort: (sort: RunSort) => void;
  selected: string | null;
  onSelect: (runId: string) => void;
}) {
  const columns = useMemo(
    () => [
      column.accessor("startedAt", {
        id: "startedAt",
        header: "Started",
        cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue(), timeZone)}</span>,
      }),
      column.accessor("title", {
        id: "title",
        header: "Run",
        cell: (info) => (
          <button
            type="button"
            onClick={(event) => {
              event.stopPropagation();
              onSelect(info.row.original.runId);
            }}
            aria-label={`Details of run ${info.getValue() || info.row.original.runId}`}
            aria-expanded={selected === info.row.original.runId}
            data-testid="run-open"
            className="block max-w-[12rem] truncate text-left font-medium hover:underline"
            title={info.getValue()}
          >
            {info.getValue() || info.row.original.runId}
          </button>
        ),
      }),
      column.accessor("projectKey", {
        id: "project",
        header: "Project",
        cell: (info) => <span className="block max-w-[12rem] truncate" title={info.getValue()}>{info.getValue()}</span>,
      }),
      column.accessor("userName", {
        id: "user",
        header: "User",
        cell: (info) => <span className="block max-w-[9rem] truncate" title={info.getValue()}>{info.getValue()}</span>,
      }),
      column.accessor("hardwareTier", {
        id: "hardwareTier",
        header: "Tier",
        cell: (info) => (
          <span className="inline-flex max-w-[10rem] items-center gap-1.5 whitespace-nowrap" title={info.getValue()}>
            <span aria-hidden="true" className="h-2 w-2 shrink-0 rounded-sm" style={{ background: colorForKey(info.getValue()) }} />
            <span className="truncate">{info.getValue()}</span>
          </span>
        ),
      }),
      column.accessor("runType", { id: "runType", header: "Type" }),
      column.accessor("status", { id: "status", header: "Status", cell: (info) => <StatusBadge status={info.getValue()} /> }),
      column.accessor("runDurationSec", { id: "duration", header: "Duration", cell: (info) => formatDuration(info.getValue()) }),
      column.accessor("computeHours", { id: "computeHours", header: "Compute", cell: (info) => formatHours(info.getValue()) }),
      column.accessor("totalCostAmount", {
        id: "cost",
        header: "Cost",
        cell: (info) => <span className="font-medium">{formatMoney(info.getValue(), info.row.original.totalCostCurrency)}</span>,
      }),
    ],
    [timeZone, onSelect, selected],
  );

  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    getRowId: (row) => row.runId,
    state: { sorting: [{ id: sort, desc: dir === "desc" }] },
  });

  const sortable = new Set<string>(RUN_SORTS);

  return (
    <div className={"-mx-4 overflow-x-auto sm:mx-0 " + className}>
      <table className="w-full min-w-[880px] text-sm tabular" data-testid="runs-table">
        <caption className="sr-only">Runs; column headers sort; a run&apos;s name opens its details.</caption>
        <thead className="border-b border-border text-xs">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) =>
                sortable.has(header.column.id) ? (
                  <SortHeader
                    key={header.id}
                    label={String(header.column.columnDef.header)}
                    active={sort === header.column.id}
                    dir={dir}
                    align={NUMERIC.has(header.column.id) ? "right" : "left"}
                    onSort={() => onSort(header.column.id as RunSort)}
                    className={WIDE_ONLY.has(header.column.id) ? WIDE_ONLY_CLASS : ""}
                  />
                ) : (
                  <th key={header.id} scope="col" className="px-3 py-2 text-left font-medium text-muted">
                    {String(header.column.columnDef.header)}
                  </th>
                ),
              )}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-testid="run-row"
              aria-selected={selected === row.id}
              onClick={() => onSelect(row.id)}
              className={
                "cursor-pointer border-b border-border last:border-0 hover:bg-subtle " +
                (selected === row.id ? "bg-accent-soft" : "")
              }
            >
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={
                    "px-3 py-2 " +
                    (NUMERIC.has(cell.column.id) ? "whitespace-nowrap text-right " : "") +
                    (WIDE_ONLY.has(cell.column.id) ? WIDE_ONLY_CLASS : "")
                  }
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
