"use client";
import { useMe } from "./use-me";

/** "Shared view · expires …": shown to whoever opened a share link, with a way out. */
export function SharedViewBanner() {
  const me = useMe();
  if (me?.kind !== "share" || !me.share) return null;
  const expires = new Date(me.share.expiresAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div
      role="status"
      data-testid="shared-view-banner"
      className="border-b border-border bg-accent-soft text-sm text-foreground"
    >
      <div className="mx-auto flex max-w-[1400px] flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 sm:px-6">
        <strong className="font-semibold">Shared view · expires {expires}</strong>
        <span className="text-muted">
          Read-only: you can look inside this view, not widen its filters{me.share.csv ? "" : " or download CSV"}.
        </span>
        <form method="post" action="/api/auth/leave-share" className="ml-auto">
          <button type="submit" className="rounded-md px-2 py-1 text-sm text-muted underline-offset-2 hover:underline">
            Leave shared view
          </button>
        </form>
      </div>
    </div>
  );
}
