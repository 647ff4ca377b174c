/** Sorting of breakdown rows, by any column, with a stable tie-break on the key. */

import type { SortDir } from "@/lib/contract/sorts";

export function compareBy<T>(value: (row: T) => number | string | null | undefined, dir: SortDir, key: (row: T) => string) {
  const sign = dir === "asc" ? 1 : -1;
  return (a: T, b: T): number => {
    const va = value(a);
    const vb = value(b);
    // Missing values sort last whatever the direction.
    if (va === null || va === undefined) return vb === null || vb === undefined ? key(a).localeCompare(key(b)) : 1;
    if (vb === null || vb === undefined) return -1;
    const order = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return order !== 0 ? sign * order : key(a).localeCompare(key(b));
  };
}

export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => number | string | null | undefined,
  dir: SortDir,
  key: (row: T) => string,
): T[] {
  return [...rows].sort(compareBy(value, dir, key));
}

/**
 * The direction after a click on a column header: the same column flips; a new one starts with
 * its most telling order, names A–Z and figures highest first.
 */
export function nextSortDir(column: string, current: string, dir: SortDir, text: boolean): SortDir {
  if (column === current) return dir === "desc" ? "asc" : "desc";
  return text ? "asc" : "desc";
}

export function pageOf<T>(rows: readonly T[], page: number, size: number): T[] {
  const start = Math.max(0, page - 1) * size;
  return rows.slice(start, start + size);
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
