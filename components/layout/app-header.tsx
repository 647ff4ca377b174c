import { Suspense } from "react";
import { FreshnessBadge } from "./freshness-badge";
import { HomeLink } from "./home-link";
import { ModeBadge } from "./mode-badge";
import { NavLinks } from "./nav-links";
import { SyncButton } from "./sync-button";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "@/components/share/sign-out-button";

export function AppHeader({ mode, host, signedIn }: { mode: "demo" | "domino"; host: string | null; signedIn: boolean }) {
  return (
    <header className="sticky top-0 z-30 print:hidden border-b border-border bg-card">
      <div className="mx-auto flex max-w-[1400px] items-center gap-3 px-4 pt-3 sm:px-6">
        <HomeLink className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight">
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" className="text-accent">
            <rect x="3" y="12" width="4" height="9" rx="1" fill="currentColor" opacity="0.55" />
            <rect x="10" y="7" width="4" height="14" rx="1" fill="currentColor" opacity="0.8" />
            <rect x="17" y="3" width="4" height="18" rx="1" fill="currentColor" />
          </svg>
          <span>Runledger</span>
        </HomeLink>
        <ModeBadge mode={mode} host={host} />
        <div className="ml-auto flex items-center gap-3">
          {/* Before signing in the sync status is not ours to see: asking would only answer 401. */}
          {signedIn ? <FreshnessBadge /> : null}
          {signedIn ? <SyncButton /> : null}
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
      <div className="mx-auto max-w-[1400px] px-2 sm:px-4">
        <Suspense fallback={<div className="h-[42px]" />}>
          <NavLinks />
        </Suspense>
      </div>
    </header>
  );
}
