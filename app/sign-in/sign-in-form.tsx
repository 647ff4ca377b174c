"use client";
import { useState } from "react";

/**
 * Posts the password as JSON (the answer names the problem, and a slowed-down client sees
 * how long to wait); without JavaScript the same form posts and is redirected.
 */
export function SignInForm({ next, failed }: { next: string; failed: boolean }) {
  const [error, setError] = useState<string | null>(failed ? "The password is not right." : null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get("password");
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ password, next }),
      });
      const body = (await response.json().catch(() => null)) as { next?: string; error?: { message?: string } } | null;
      if (!response.ok) {
        setError(response.status === 401 ? "The password is not right." : (body?.error?.message ?? `Sign-in failed (${response.status}).`));
        return;
      }
      window.location.assign(body?.next ?? "/");
    } catch {
      setError("The server cannot be reached.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form method="post" action="/api/auth/sign-in" onSubmit={submit} className="mt-5 space-y-4">
      <input type="hidden" name="next" value={next} />
      <label className="block text-sm font-medium">
        Password
        <input
          type="password"
          name="password"
          required
          autoComplete="current-password"
          autoFocus
          className="mt-1 block w-full rounded-md border border-border-strong bg-card px-3 py-2"
        />
      </label>
      {error ? (
        <p role="alert" data-testid="sign-in-error" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="h-9 w-full rounded-md bg-accent text-sm font-medium text-accent-foreground disabled:opacity-60">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
