import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { isHeaderSafe } from "@/lib/api/query-text";
import { FILTER_LISTS } from "@/lib/contract/dimensions";
import { filtersQuery, type Filters } from "@/lib/contract/filters";

/**
 * What every CSV download shares: the `format` parameter, the file name, and the response
 * headers that record what the file holds (so a script can keep them beside the file).
 */

/** `format=excel` adds the UTF-8 byte order mark Excel needs to read UTF-8; nothing else differs. */
export const csvFormatParam = z.enum(["csv", "excel"]).default("csv");

const MAX_VALUES_NAMED = 3;
const MAX_NAME_LENGTH = 150;

/** Letters (any script), digits and a few marks survive; everything else becomes "_". */
function slug(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}.+@-]+/gu, "_")
    .replace(/^[._]+|_+$/g, "")
    .slice(0, 40);
}

/**
 * A name that says what the file holds: kind, date range, main filters, e.g.
 * `runledger-runs_2024-01-01_2024-03-31_tier-GPU.csv`.
 */
export function csvFileName(kind: string, filters: Filters): string {
  const parts = [`runledger-${kind}`];
  if (filters.from && filters.to) parts.push(filters.from, filters.to);
  else if (filters.from) parts.push(`from-${filters.from}`);
  else if (filters.to) parts.push(`until-${filters.to}`);
  else parts.push("all-time");
  for (const key of FILTER_LISTS) {
    const values = [...filters[key]].sort();
    if (values.length === 0) continue;
    parts.push(values.length <= MAX_VALUES_NAMED ? `${key}-${values.map(slug).join("+")}` : `${key}-${values.length}-values`);
  }
  if (filters.q) parts.push(`q-${slug(filters.q)}`);
  let name = parts.join("_");
  if (name.length > MAX_NAME_LENGTH) name = name.slice(0, MAX_NAME_LENGTH).replace(/[_+-]+$/, "");
  return `${name}.csv`;
}

/** RFC 6266: an ASCII `filename` for old clients and the exact UTF-8 name in `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\%;]/g, "_").replace(/_+/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || "runledger.csv"}"; filename*=UTF-8''${encoded}`;
}

export interface CsvMeta {
  fileName: string;
  filters: Filters;
  timeZone: string;
  /** The currencies of the file's amounts. */
  currencies: readonly string[];
  dataAsOf: string | null;
  /** Data rows (without the header line). */
  rowCount: number;
}

/**
 * Headers of a CSV download. Every value is ASCII: filter values travel percent-encoded in
 * X-Runledger-Filters (a query string), so any script can decode them.
 */
export function csvHeaders(meta: CsvMeta): Headers {
  // The one value that can reach a header unencoded from a parameter (timeseries' currency).
  const currency = meta.currencies.find((c) => !isHeaderSafe(c));
  if (currency !== undefined) throw new ApiError("bad_request", "currency: must be a currency code such as USD (letters A–Z)", "currency");
  const headers = new Headers({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": contentDisposition(meta.fileName),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Runledger-Filters": filtersQuery(meta.filters),
    "X-Runledger-Time-Zone": meta.timeZone,
    "X-Runledger-Currency": meta.currencies.join(","),
    "X-Runledger-Row-Count": String(meta.rowCount),
  });
  if (meta.dataAsOf) headers.set("X-Runledger-Data-As-Of", meta.dataAsOf);
  return headers;
}
