/**
 * The audit log's actions and outcomes: one list for the server (lib/audit) and the browser's
 * filters; this file holds no server code.
 */

export const AUDIT_ACTION_NAMES = [
  "sign-in",
  "sign-out",
  "sync",
  "full-resync",
  "share-link-created",
  "share-link-revoked",
  "session-ended",
  "sessions-ended-all",
  "role-refused",
  "teams-saved",
  "chargeback-closed",
  "chargeback-reopened",
  "budget-created",
  "budget-edited",
  "budget-paused",
  "budget-resumed",
  "budget-deleted",
] as const;

export const AUDIT_OUTCOME_NAMES = ["ok", "failed", "refused"] as const;

export const AUDIT_ACTION_LABELS: Record<(typeof AUDIT_ACTION_NAMES)[number], string> = {
  "sign-in": "Sign-in",
  "sign-out": "Sign-out",
  sync: "Sync started",
  "full-resync": "Full re-sync",
  "share-link-created": "Share link made",
  "share-link-revoked": "Share link revoked",
  "session-ended": "Session ended",
  "sessions-ended-all": "Signed out everywhere",
  "role-refused": "Refused (role)",
  "teams-saved": "Teams and rules saved",
  "chargeback-closed": "Chargeback period closed",
  "chargeback-reopened": "Chargeback period reopened",
  "budget-created": "Budget created",
  "budget-edited": "Budget edited",
  "budget-paused": "Budget paused",
  "budget-resumed": "Budget resumed",
  "budget-deleted": "Budget deleted",
};
