"use client";
import { useMe } from "./use-me";

/** Sign-out, for someone signed in with a password (proxy and none modes have no session to end). */
export function SignOutButton() {
  const me = useMe();
  if ((me?.kind !== "admin" && me?.kind !== "viewer") || !me.canSignOut) return null;
  return (
    <form method="post" action="/api/auth/sign-out">
      <button
        type="submit"
        data-testid="sign-out"
        className="inline-flex h-8 items-center whitespace-nowrap rounded-md border border-border px-2.5 text-sm text-muted hover:bg-subtle hover:text-foreground"
      >
        Sign out
      </button>
    </form>
  );
}
