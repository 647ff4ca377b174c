"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorFromBody, fetchJson } from "@/lib/query/fetch-json";
import { formatDateTime } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { useSettings } from "@/components/layout/settings-context";

interface OpenSession {
  id: string;
  user: string;
  role: "admin" | "viewer";
  address: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

const button = "inline-flex h-8 items-center rounded-md border px-2.5 text-sm font-medium disabled:opacity-50";

async function send(url: string, method: string): Promise<void> {
  const response = await fetch(url, { method });
  if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null));
}

/** The sessions open now, each with End, and "Sign out everywhere" (every session, this one too). */
export function SessionsList() {
  const { timeZone } = useSettings();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const sessions = useQuery({
    queryKey: ["sessions"],
    queryFn: ({ signal }) => fetchJson<{ sessions: OpenSession[]; idleMinutes: number }>("/api/sessions", { signal }),
  });
  const end = useMutation({
    mutationFn: (id: string) => send(`/api/sessions/${id}`, "DELETE"),
    onSettled: () => client.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const endAll = useMutation({
    mutationFn: () => send("/api/sessions/end-all", "POST"),
    // This browser's session ended too: start again at the sign-in page.
    onSuccess: () => window.location.assign("/sign-in"),
  });
  const endCurrent = (row: OpenSession) => (row.current ? endAll.isPending : end.isPending);

  return (
    <Card
      title="Open sessions"
      titleId="sessions-title"
      description={sessions.data ? `Password sign-ins; a session unused for ${sessions.data.idleMinutes} minutes ends by itself.` : "Password sign-ins."}
      actions={
        confirming ? (
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm signing out everywhere">
            <span className="text-sm">End every session, yours too?</span>
            <button type="button" className={button + " border-danger/50 text-danger hover:bg-danger-soft"} disabled={endAll.isPending} onClick={() => endAll.mutate()} data-testid="sign-out-everywhere-confirm">
              Yes, sign out everywhere
            </button>
            <button type="button" className={button + " border-border-strong hover:bg-subtle"} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" className={button + " border-border-strong hover:bg-subtle"} onClick={() => setConfirming(true)} data-testid="sign-out-everywhere">
            Sign out everywhere
          </button>
        )
      }
    >
      {end.isError || endAll.isError ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {(end.error ?? endAll.error)?.message}
        </p>
      ) : null}
      {sessions.isPending ? (
        <p className="text-sm text-muted">Loading sessions…</p>
      ) : sessions.isError ? (
        <p role="alert" className="text-sm text-danger">{sessions.error.message}</p>
      ) : sessions.data.sessions.length === 0 ? (
        <p className="text-sm text-muted">No open sessions (in proxy mode the proxy keeps them).</p>
      ) : (
        <ul className="divide-y divide-border" data-testid="sessions-list">
          {sessions.data.sessions.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2.5 text-sm" data-testid="session-row" data-role={row.role}>
              <div className="min-w-0">
                <p className="font-medium">
                  {row.user}
                  {row.user !== row.role ? <span className="font-normal text-muted"> · {row.role}</span> : null}
                  {row.current ? <span className="ml-2 rounded-full bg-accent-soft px-2 py-px text-xs font-medium text-accent">this browser</span> : null}
                </p>
                <p className="text-xs text-muted tabular">
                  {row.address ?? "unknown address"} · signed in {formatDateTime(row.createdAt, timeZone)} · last seen {formatDateTime(row.lastSeenAt, timeZone)} · until {formatDateTime(row.expiresAt, timeZone)}
                </p>
              </div>
              <button
                type="button"
                className={button + " border-border-strong hover:bg-subtle"}
                disabled={endCurrent(row)}
                onClick={() => (row.current ? setConfirming(true) : end.mutate(row.id))}
                aria-label={`End the session of ${row.user} from ${row.address ?? "an unknown address"}`}
                data-testid="end-session"
              >
                End
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
