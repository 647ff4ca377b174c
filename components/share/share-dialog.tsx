"use client";
import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { errorFromBody } from "@/lib/query/fetch-json";

type Expiry = "1d" | "7d" | "30d" | "date";

const CHOICES: { value: Expiry; label: string }[] = [
  { value: "1d", label: "1 day" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "date", label: "Until a date" },
];

interface Created {
  url: string;
  expiresAt: string;
  copied: boolean;
}

/**
 * Makes a read-only link to the view on screen (its page and every filter in the URL):
 * expiry, CSV downloads yes/no; the link is copied to the clipboard.
 */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [expiry, setExpiry] = useState<Expiry>("7d");
  const [date, setDate] = useState("");
  const [csv, setCsv] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/share-links", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          page: window.location.pathname,
          query: window.location.search,
          expires: expiry === "date" ? date : expiry,
          csv,
        }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw errorFromBody(response.status, body);
      const { path, expiresAt } = body as { path: string; expiresAt: string };
      const url = `${window.location.origin}${path}`;
      let copied = true;
      try {
        await navigator.clipboard.writeText(url);
      } catch {
        copied = false;
      }
      setCreated({ url, expiresAt, copied });
    } catch (e) {
      setError(e instanceof Error ? e.message : "The link could not be made.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      data-testid="share-dialog"
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-border bg-card p-0 text-foreground shadow-xl backdrop:bg-black/40"
    >
      <form onSubmit={create} className="space-y-4 p-5">
        <div>
          <h2 id={titleId} className="text-lg font-semibold">
            Share this view
          </h2>
          <p className="mt-1 text-sm text-muted">
            Anyone with the link sees this page with these filters, read-only, without an account, until it expires.
          </p>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Expires after</legend>
          <div className="flex flex-wrap gap-3">
            {CHOICES.map((c) => (
              <label key={c.value} className="inline-flex items-center gap-1.5 text-sm">
                <input type="radio" name="expiry" value={c.value} checked={expiry === c.value} onChange={() => setExpiry(c.value)} />
                {c.label}
              </label>
            ))}
          </div>
          {expiry === "date" ? (
            <label className="flex items-center gap-2 text-sm">
              Last day
              <input
                type="date"
                required
                value={date}
                onChange={(e) => setDate(e.target.value)}
                className="rounded-md border border-border-strong bg-card px-2 py-1"
              />
            </label>
          ) : null}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={csv} onChange={(e) => setCsv(e.target.checked)} data-testid="share-csv" />
          Allow CSV downloads of this view
        </label>
        {error ? (
          <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        {created ? (
          <div className="space-y-1" data-testid="share-result">
            <label className="block text-sm font-medium" htmlFor={`${titleId}-url`}>
              {created.copied ? "Link copied to the clipboard" : "Copy the link"}
            </label>
            <input
              id={`${titleId}-url`}
              readOnly
              value={created.url}
              data-testid="share-url"
              onFocus={(e) => e.currentTarget.select()}
              className="w-full rounded-md border border-border-strong bg-subtle px-2 py-1 font-mono text-xs"
            />
            <p className="text-xs text-muted">Expires {new Date(created.expiresAt).toLocaleString()}.</p>
          </div>
        ) : null}
        <div className="flex items-center justify-between gap-2">
          <Link href="/share-links" className="text-sm text-muted underline-offset-2 hover:underline">
            Manage share links
          </Link>
          <div className="flex gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="h-8 rounded-md border border-border px-3 text-sm hover:bg-subtle">
              Close
            </button>
            <button
              type="submit"
              disabled={busy}
              data-testid="share-create"
              className="h-8 rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground disabled:opacity-60"
            >
              {busy ? "Creating…" : created ? "Create another" : "Create link"}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
