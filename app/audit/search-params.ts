/** The audit page's URL state: its filters and page, so any view of the log is a link. */
import { parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOME_NAMES } from "@/lib/ui/audit";

export const auditParsers = {
  action: parseAsStringLiteral(AUDIT_ACTION_NAMES),
  user: parseAsString,
  outcome: parseAsStringLiteral(AUDIT_OUTCOME_NAMES),
  from: parseAsString,
  to: parseAsString,
  page: parseAsInteger.withDefault(1),
};
