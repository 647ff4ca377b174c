"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorFromBody } from "@/lib/query/fetch-json";
import { useSettings } from "./settings-context";

/** "Sync now" for admins (viewers never see it; the server refuses them anyway). */
export function SyncButton() {
  const { viewer } = useSettings();
  const client = useQueryClient();
  const sync = useMutation({
    mutationFn: async () => {
      const response = await fetch("/api/sync", { method: "POST" });
      if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null));
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["sync"] }),
  });
  if (viewer !== "admin") return null;
  return (
    <button
      type="button"
      onClick={() => sync.mutate()}
      disabled={sync.isPending}
      data-testid="sync-now"
      title={sync.isError ? `Sync failed to start: ${sync.error.message}` : "Fetch new and changed runs from Domino now"}
      aria-label="Sync now"
      // Not on phones: the header has no room, and a sync is a desk task.
      className="hidden h-8 items-center gap-1.5 sm:inline-flex rounded-md border border-border px-2 text-sm text-muted hover:bg-subtle hover:text-foreground disabled:opacity-50"
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M21 12a9 9 0 1 1-2.64-6.36M21 3v6h-6" />
      </svg>
      <span className="hidden sm:inline">Sync</span>
    </button>
  );
}
