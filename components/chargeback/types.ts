/** The chargeback API's answer, as the pages read it (lib/chargeback/service.ts). */
export type { Statement, StatementLine, StatementSection } from "@/lib/chargeback/statement";
export type { ChargebackAnswer } from "@/lib/chargeback/service";
