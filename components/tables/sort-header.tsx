"use client";
import type { SortDir } from "@/lib/contract/sorts";

/** A column header that sorts; aria-sort tells screen readers the current order. */
export function SortHeader({
  label,
  active,
  dir,
  onSort,
  align = "left",
  className = "",
}: {
  label: string;
  active: boolean;
  dir: SortDir;
  onSort: () => void;
  align?: "left" | "right";
  className?: string;
}) {
  return (
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={"whitespace-nowrap px-3 py-2 font-medium " + (align === "right" ? "text-right " : "text-left ") + className}
    >
      <button
        type="button"
        onClick={onSort}
        className={
          "inline-flex items-center gap-1 rounded hover:text-foreground " + (active ? "text-foreground" : "text-muted")
        }
      >
        {label}
        <span aria-hidden="true" className={"text-[10px] " + (active ? "opacity-100" : "opacity-30")}>
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}
