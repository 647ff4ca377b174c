"use client";
import { useState } from "react";

/** Copies the page's URL: it holds every filter, grouping, sort and page, so it is the view. */
export function CopyLinkButton() {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  };
  return (
    <button
      type="button"
      onClick={copy}
      data-testid="copy-link"
      className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle"
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" />
        <path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />
      </svg>
      <span aria-live="polite">{copied === "done" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy link"}</span>
    </button>
  );
}
