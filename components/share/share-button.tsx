"use client";
import { useState } from "react";
import { useSettings } from "@/components/layout/settings-context";
import { ShareDialog } from "./share-dialog";

/** Opens the Share dialog for the current view; only admins may make links (viewers never see it). */
export function ShareButton() {
  const { viewer } = useSettings();
  const [open, setOpen] = useState(false);
  if (viewer !== "admin") return null;
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid="share-open"
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle"
      >
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <circle cx="18" cy="5" r="3" />
          <circle cx="6" cy="12" r="3" />
          <circle cx="18" cy="19" r="3" />
          <path d="m8.6 13.5 6.8 4M15.4 6.5l-6.8 4" />
        </svg>
        Share
      </button>
      {open ? <ShareDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
