import "server-only";
import { sharedTables, type SharedTarget } from "@/lib/store/shared-tables";
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOME_NAMES } from "@/lib/ui/audit";

/**
 * The audit log: who did what to the dashboard's access and data, from where, and how it
 * ended. Rows hold names, roles, addresses, share-link and session ids, never a password,
 * cookie, token or key: callers pass only those fields, and `detail` is short plain text.
 * With DATABASE_URL it is the shared PostgreSQL table: every replica writes and reads one log.
 */

export const AUDIT_ACTIONS = AUDIT_ACTION_NAMES;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = AUDIT_OUTCOME_NAMES;

export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEvent {
  action: AuditAction;
  outcome: AuditOutcome;
  user?: string | null;
  role?: string | null;
  address?: string | null;
  target?: string | null;
  detail?: string | null;
}

export type { AuditRow } from "@/lib/contract/answers";

const clip = (value: string | null | undefined, max: number) => (value === null || value === undefined ? null : value.slice(0, max));

/**
 * Writes one row. Never throws: an action is not undone because its record could not be kept,
 * but the failure is logged (without the event's fields).
 */
export async function recordAudit(event: AuditEvent, now = Date.now(), store?: SharedTarget): Promise<void> {
  try {
    await (await sharedTables(store)).query(
      `INSERT INTO audit_log (occurred_at, user_name, role, address, action, target, outcome, detail)
       VALUES (CAST($1 AS TIMESTAMPTZ), $2, $3, $4, $5, $6, $7, $8)`,
      [
        new Date(now).toISOString(),
        clip(event.user, 200),
        clip(event.role, 20),
        clip(event.address, 64),
        event.action,
        clip(event.target, 400),
        event.outcome,
        clip(event.detail, 400),
      ],
    );
  } catch (error) {
    console.error(`[audit] could not record a ${event.action} event:`, error instanceof Error ? error.name : typeof error);
  }
}
