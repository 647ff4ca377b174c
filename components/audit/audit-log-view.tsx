"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { auditParsers } from "@/app/audit/search-params";
import { fetchJson } from "@/lib/query/fetch-json";
import { apiUrl } from "@/lib/query/resources";
import { AUDIT_ACTION_LABELS, AUDIT_ACTION_NAMES, AUDIT_OUTCOME_NAMES } from "@/lib/ui/audit";
import { formatDateTime } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { ErrorState } from "@/components/layout/error-state";
import { useSettings } from "@/components/layout/settings-context";
import { Pagination } from "@/components/tables/pagination";
import type { AuditRow } from "@/lib/contract/answers";

interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  users: string[];
}

const PAGE_SIZE = 50;

const OUTCOME_TONE: Record<string, string> = {
  ok: "text-success border-success/40",
  failed: "text-danger border-danger/40",
  refused: "text-warning border-warning/40",
};

const label = (action: string) => AUDIT_ACTION_LABELS[action as keyof typeof AUDIT_ACTION_LABELS] ?? action;

const field = "h-8 rounded-md border border-border-strong bg-card px-2 text-sm";

function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={"inline-flex rounded-full border px-2 py-px text-xs font-medium " + (OUTCOME_TONE[outcome] ?? "text-muted border-border-strong")}>{outcome}</span>;
}

/** The audit log: filters in the URL, a page of rows, the CSV of every matching row. */
export function AuditLogView() {
  const { timeZone } = useSettings();
  const [state, setState] = useQueryStates(auditParsers, { history: "push" });
  const filters = { action: state.action, user: state.user, outcome: state.outcome, from: state.from, to: state.to };
  const page = Math.max(1, state.page);
  const log = useQuery({
    queryKey: ["audit", { ...filters, page }] as const,
    queryFn: ({ signal }) => fetchJson<AuditPage>(apiUrl("/api/audit", null, { ...filters, page, pageSize: PAGE_SIZE }), { signal }),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<typeof filters>) => void setState({ ...patch, page: null });
  const csvHref = apiUrl("/api/audit.csv", null, filters);
  const users = log.data?.users ?? [];

  return (
    <Card
      title="Audit log"
      titleId="audit-log-title"
      description={`Sign-ins, sign-outs, syncs started by hand, share links, sessions ended and refusals. Times in ${timeZone}.`}
      actions={
        <a href={csvHref} download data-testid="audit-csv" className="inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle">
          Download CSV
        </a>
      }
    >
      <div className="mb-3 grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-end" role="group" aria-label="Filter the audit log">
        <label className="flex flex-col gap-1 text-xs text-muted">
          Action
          <select className={field} value={state.action ?? ""} onChange={(e) => set({ action: (e.target.value || null) as typeof state.action })} data-testid="audit-action">
            <option value="">All actions</option>
            {AUDIT_ACTION_NAMES.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          User
          <select className={field} value={state.user ?? ""} onChange={(e) => set({ user: e.target.value || null })} data-testid="audit-user">
            <option value="">Everyone</option>
            {[...new Set([...users, ...(state.user ? [state.user] : [])])].map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          Outcome
          <select className={field} value={state.outcome ?? ""} onChange={(e) => set({ outcome: (e.target.value || null) as typeof state.outcome })} data-testid="audit-outcome">
            <option value="">Any outcome</option>
            {AUDIT_OUTCOME_NAMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          From
          <input type="date" className={field} value={state.from ?? ""} onChange={(e) => set({ from: e.target.value || null })} data-testid="audit-from" />
        </label>
        <label className="flex flex-col gap-1 text-xs text-muted">
          To
          <input type="date" className={field} value={state.to ?? ""} onChange={(e) => set({ to: e.target.value || null })} data-testid="audit-to" />
        </label>
        {Object.values(filters).some(Boolean) ? (
          <button type="button" className="h-8 self-end rounded-md px-2 text-sm text-muted hover:bg-subtle hover:text-foreground" onClick={() => set({ action: null, user: null, outcome: null, from: null, to: null })}>
            Clear filters
          </button>
        ) : null}
      </div>

      {log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : !log.data ? (
        <p className="text-sm text-muted">Loading the audit log…</p>
      ) : log.data.rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-muted">No audit events match these filters.</p>
      ) : (
        <>
          {/* Phones: one card per event. */}
          <ul className="space-y-2 sm:hidden" data-testid="audit-cards">
            {log.data.rows.map((row, i) => (
              <li key={`${row.at}-${i}`} className="rounded-lg border border-border p-3 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="font-medium">{label(row.action)}</span>
                  <OutcomeBadge outcome={row.outcome} />
                </div>
                <p className="mt-1 text-xs text-muted tabular">{formatDateTime(row.at, timeZone)}</p>
                <p className="mt-1 break-words">
                  {row.user ?? "(not signed in)"}
                  {row.role && row.role !== row.user ? <span className="text-muted"> · {row.role}</span> : null}
                  {row.address ? <span className="text-muted"> · {row.address}</span> : null}
                </p>
                {row.target || row.detail ? <p className="mt-1 break-words text-xs text-muted">{[row.target, row.detail].filter(Boolean).join(" · ")}</p> : null}
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto sm:block">
            <table className="w-full text-sm" data-testid="audit-table">
              <thead className="bg-subtle text-left text-muted">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">When</th>
                  <th scope="col" className="px-3 py-2 font-medium">User</th>
                  <th scope="col" className="px-3 py-2 font-medium">Address</th>
                  <th scope="col" className="px-3 py-2 font-medium">Action</th>
                  <th scope="col" className="px-3 py-2 font-medium">Target</th>
                  <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {log.data.rows.map((row, i) => (
                  <tr key={`${row.at}-${i}`} className="border-t border-border align-top" data-testid="audit-row" data-action={row.action} data-outcome={row.outcome}>
                    <td className="whitespace-nowrap px-3 py-2 tabular">{formatDateTime(row.at, timeZone)}</td>
                    <td className="px-3 py-2">
                      {row.user ?? <span className="text-muted">(not signed in)</span>}
                      {row.role && row.role !== row.user ? <span className="text-muted"> · {row.role}</span> : null}
                    </td>
                    <td className="px-3 py-2 tabular">{row.address ?? "–"}</td>
                    <td className="whitespace-nowrap px-3 py-2">{label(row.action)}</td>
                    <td className="max-w-[24rem] px-3 py-2 break-words">
                      {row.target ?? ""}
                      {row.detail ? <span className="block text-xs text-muted">{row.detail}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <OutcomeBadge outcome={row.outcome} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={PAGE_SIZE} total={log.data.total} onPage={(p) => void setState({ page: p === 1 ? null : p })} label="events" />
        </>
      )}
    </Card>
  );
}
