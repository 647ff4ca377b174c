import { csvField } from "@/lib/csv-format/rfc4180";
import { neutralise } from "@/lib/csv-format/neutralise";
import { UTF8_BOM_TEXT } from "@/lib/csv-format/bom";

/**
 * Small tables (breakdowns, time series) encoded in JS: a few thousand rows at most, read
 * from the same answers the JSON routes give, so both agree value for value. Text cells are
 * formula-neutralised; numbers are written as numbers, money with its two decimals.
 */

export type CellKind = "text" | "number" | "money";

export interface TableColumn<Row> {
  header: string;
  kind: CellKind;
  value: (row: Row) => string | number | null | undefined;
}

function cell(kind: CellKind, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (kind === "text") return csvField(neutralise(String(value)));
  if (typeof value !== "number" || !Number.isFinite(value)) return "";
  return kind === "money" ? value.toFixed(2) : String(value);
}

/** The whole file: header line and rows, CRLF line ends, the BOM first when asked. */
export function tableCsv<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[], bom: boolean): string {
  const lines = [columns.map((c) => csvField(neutralise(c.header))).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.kind, c.value(row))).join(","));
  return (bom ? UTF8_BOM_TEXT : "") + lines.join("\r\n") + "\r\n";
}
