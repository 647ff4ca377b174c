import { tableCsv, type TableColumn } from "@/lib/csv/table-csv";
import type { TeamsConfig } from "./config";

interface ExportRow {
  team: string;
  costCentre: string;
  kind: string;
  pattern: string;
}

const COLUMNS: TableColumn<ExportRow>[] = [
  { header: "team", kind: "text", value: (r) => r.team },
  { header: "cost_centre", kind: "text", value: (r) => r.costCentre },
  { header: "kind", kind: "text", value: (r) => r.kind },
  { header: "pattern", kind: "text", value: (r) => r.pattern },
];

/** The set-up as the sheet finance keeps (importable as is): teams without rules get one line with no rule. */
export function teamsCsv(config: TeamsConfig, bom: boolean): string {
  const rows: ExportRow[] = [];
  for (const team of config.teams) {
    const own = config.rules.filter((r) => r.team === team.name);
    const costCentre = team.costCentre ?? "";
    if (own.length === 0) rows.push({ team: team.name, costCentre, kind: "", pattern: "" });
    for (const rule of own) rows.push({ team: team.name, costCentre, kind: rule.kind, pattern: rule.pattern });
  }
  return tableCsv(COLUMNS, rows, bom);
}
