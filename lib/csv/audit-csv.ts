import type { AuditRow } from "@/lib/audit/audit-log";
import { tableCsv, type TableColumn } from "./table-csv";

/** The audit log's CSV columns: the same fields as GET /api/audit, text neutralised. */
export const AUDIT_CSV_COLUMNS: readonly TableColumn<AuditRow>[] = [
  { header: "at", kind: "text", value: (r) => r.at },
  { header: "user", kind: "text", value: (r) => r.user },
  { header: "role", kind: "text", value: (r) => r.role },
  { header: "address", kind: "text", value: (r) => r.address },
  { header: "action", kind: "text", value: (r) => r.action },
  { header: "target", kind: "text", value: (r) => r.target },
  { header: "outcome", kind: "text", value: (r) => r.outcome },
  { header: "detail", kind: "text", value: (r) => r.detail },
];

export function auditCsv(rows: readonly AuditRow[], bom: boolean): string {
  return tableCsv(AUDIT_CSV_COLUMNS, rows, bom);
}
