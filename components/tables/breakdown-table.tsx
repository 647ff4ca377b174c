"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { BreakdownRow } from "@/lib/contract/answers";
import { colorForKey } from "@/lib/ui/colors";
import { DIMENSION_LABEL, type Dimension } from "@/lib/contract/dimensions";
import { formatCount, formatHours, formatMoney, formatShare, formatUnitPrice } from "@/lib/ui/format";
import type { BreakdownSort, SortDir } from "@/lib/contract/sorts";
import { SortHeader } from "./sort-header";

// The trend lines come with the chart library, after the table itself (outside the first load).
const Sparkline = dynamic(() => import("@/components/charts/sparkline").then((m) => m.Sparkline), {
  ssr: false,
  loading: () => <div style={{ width: 80, height: 22 }} />,
});

const PHONE_HIDDEN = new Set(["owner", "price", "share", "hours", "runs", "average", "trend"]);

const column = createColumnHelper<BreakdownRow>();

/**
 * Every key of a dimension with its cost, share, hours, runs and average cost. Sorting is
 * the URL's (the caller sorts); each row links to that key's runs.
 */
export function BreakdownTable({
  by,
  rows,
  rankOffset,
  topKey,
  sort,
  dir,
  onSort,
  trends,
  colors,
  runsHref,
}: {
  by: Dimension;
  rows: BreakdownRow[];
  rankOffset: number;
  /** The most costly key under the filters: its row is highlighted. */
  topKey: string | null;
  sort: BreakdownSort;
  dir: SortDir;
  onSort: (sort: BreakdownSort) => void;
  trends: Map<string, number[]> | null;
  /** Colours by key, ranked by cost (assignColors), so a row matches its bar in the chart above. */
  colors: Map<string, string>;
  /** Where a row's runs are listed, or null where that page is out of reach (a shared view of another page). */
  runsHref: ((key: string) => string) | null;
}) {
  const router = useRouter();
  // Share bars scale to the largest share on the page, so small shares still compare.
  const maxShare = rows.reduce((max, row) => Math.max(max, row.share), 0);
  const columns = useMemo(() => {
    const money = (value: number, row: BreakdownRow) => formatMoney(value, row.currency);
    return [
      column.accessor("key", {
        id: "key",
        header: DIMENSION_LABEL[by],
        cell: (info) => (
          <>
          <span className="flex min-w-0 items-center gap-2">
            <span aria-hidden="true" className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: colors.get(info.getValue()) ?? colorForKey(info.getValue()) }} />
            {runsHref ? (
              <Link
                href={runsHref(info.getValue())}
                // One link per row, re-addressed by every filter change: not worth a server render each.
                prefetch={false}
                className="truncate font-medium hover:underline"
                title={`Runs of ${info.getValue()}`}
                data-testid="breakdown-key-link"
                onClick={(event) => event.stopPropagation()}
              >
                {info.getValue()}
              </Link>
            ) : (
              <span className="truncate font-medium" title={info.getValue()}>
                {info.getValue()}
              </span>
            )}
            {info.getValue() === topKey ? (
              <span className="hidden shrink-0 rounded bg-accent-soft px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-accent sm:inline">
                Top cost
              </span>
            ) : null}
          </span>
          {/* On a phone only name and cost are columns: the other figures read here, under the name. */}
          <span className="mt-0.5 block truncate pl-[1.125rem] text-xs text-muted tabular sm:hidden" data-testid="breakdown-row-details">
            {[
              // A project's owner is already in its name (owner/name).
              formatShare(info.row.original.share),
              by === "hardwareTier" && info.row.original.pricePerMinute != null
                ? `${formatUnitPrice(info.row.original.pricePerMinute, info.row.original.currency)}/min`
                : null,
              `${formatCount(info.row.original.runs)} runs`,
              formatHours(info.row.original.computeHours),
              `${money(info.row.original.averageCost, info.row.original)}/run`,
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
          </>
        ),
      }),
      ...(by === "project"
        ? [column.accessor((row) => row.owner ?? "", { id: "owner", header: "Owner", cell: (info) => info.getValue() || "–" })]
        : []),
      ...(by === "hardwareTier"
        ? [
            column.accessor((row) => row.pricePerMinute ?? null, {
              id: "price",
              header: "Price / min",
              cell: (info) => {
                const value = info.getValue();
                return value === null ? "–" : formatUnitPrice(value, info.row.original.currency);
              },
            }),
          ]
        : []),
      column.accessor("cost", { id: "cost", header: "Cost", cell: (info) => money(info.getValue(), info.row.original) }),
      column.accessor("share", {
        id: "share",
        header: "Share",
        cell: (info) => (
          <span className="inline-flex items-center justify-end gap-2">
            <span aria-hidden="true" className="hidden h-1.5 w-14 overflow-hidden rounded-full bg-subtle md:block">
              <span className="block h-full rounded-full bg-accent" style={{ width: `${maxShare > 0 ? Math.min(100, (info.getValue() / maxShare) * 100) : 0}%` }} />
            </span>
            {formatShare(info.getValue())}
          </span>
        ),
      }),
      column.accessor("computeHours", { id: "hours", header: "Compute hours", cell: (info) => formatHours(info.getValue()) }),
      column.accessor("runs", { id: "runs", header: "Runs", cell: (info) => formatCount(info.getValue()) }),
      column.accessor("averageCost", {
        id: "average",
        header: "Avg / run",
        cell: (info) => money(info.getValue(), info.row.original),
      }),
      column.display({
        id: "trend",
        header: "Trend",
        cell: (info) => {
          const values = trends?.get(info.row.original.key);
          return values ? (
            <Sparkline values={values} color={colors.get(info.row.original.key) ?? colorForKey(info.row.original.key)} label={`Cost trend of ${info.row.original.key}`} />
          ) : (
            <span className="text-xs text-muted">–</span>
          );
        },
      }),
    ];
  }, [by, topKey, trends, colors, runsHref, maxShare]);

  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting: [{ id: sort, desc: dir === "desc" }] },
  });

  const numeric = new Set(["cost", "share", "hours", "runs", "average", "price"]);
  // Phones keep name and cost; the rest moves under the name (see the key cell).
  const wide = (id: string) => (PHONE_HIDDEN.has(id) ? " hidden sm:table-cell" : "");

  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-sm tabular sm:min-w-[720px]" data-testid="breakdown-table">
        <caption className="sr-only">
          {DIMENSION_LABEL[by]} costs; column headers sort the table; each name opens its runs.
        </caption>
        <thead className="border-b border-border text-xs">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              <th scope="col" className="hidden w-10 px-3 py-2 text-left font-medium text-muted sm:table-cell">
                #
              </th>
              {group.headers.map((header) =>
                header.column.id === "trend" ? (
                  <th key={header.id} scope="col" className={"px-3 py-2 text-left font-medium text-muted" + wide("trend")}>
                    Trend
                  </th>
                ) : (
                  <SortHeader
                    key={header.id}
                    label={String(header.column.columnDef.header)}
                    active={sort === header.column.id}
                    dir={dir}
                    align={numeric.has(header.column.id) ? "right" : "left"}
                    onSort={() => onSort(header.column.id as BreakdownSort)}
                    className={wide(header.column.id)}
                  />
                ),
              )}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row, index) => (
            <tr
              key={row.id}
              data-testid="breakdown-row"
              data-key={row.original.key}
              className={
                (runsHref ? "cursor-pointer hover:bg-subtle " : "") +
                "border-b border-border last:border-0 " +
                (row.original.key === topKey ? "bg-accent-soft/50" : "")
              }
              onClick={() => {
                if (runsHref) router.push(runsHref(row.original.key));
              }}
            >
              <td className="hidden px-3 py-2 text-xs text-muted sm:table-cell">{rankOffset + index + 1}</td>
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={
                    "px-3 py-2 " +
                    (numeric.has(cell.column.id) ? "text-right " : "") +
                    (cell.column.id === "key" ? "max-w-[15rem] sm:max-w-[22rem]" : "whitespace-nowrap") +
                    (cell.column.id === "cost" ? " font-medium" : "") +
                    wide(cell.column.id)
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
