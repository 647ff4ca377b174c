"use client";
import { useEffect, useId, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { facetsQuery } from "@/lib/query/resources";
import { DIMENSION_LABEL, type Dimension } from "@/lib/contract/dimensions";
import type { Filters } from "@/lib/contract/filters";
import { formatCount } from "@/lib/ui/format";

const LIMIT = 50;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * A filter picker with type-ahead. The server searches the values (`/api/facets?q=`), so a
 * dimension with thousands of users stays fast; only the first 50 matches are listed.
 * The values offered are those the *other* filters leave, with their run counts.
 */
export function MultiSelect({
  dim,
  selected,
  filters,
  onChange,
  only,
  lockedReason,
}: {
  /** In a shared view that fixed this filter: the only values it may take (never none of them). */
  only?: string[];
  /** Why the values are limited (tooltip). */
  lockedReason?: string;
  dim: Dimension;
  selected: string[];
  /** The current filters without this dimension's own selection. */
  filters: Filters;
  onChange: (values: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const q = useDebounced(text, 150);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const label = DIMENSION_LABEL[dim];

  // A fixed list is all there is to pick from: no search on the server (which would refuse it anyway).
  const { data, isFetching, isError, error } = useQuery({ ...facetsQuery(filters, { dim, q, limit: LIMIT }), enabled: open && !only });
  const locked = only !== undefined;
  const single = locked && only.length <= 1;

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  // The last value of a fixed list stays: none of them would mean all of them, wider than the link.
  const keeps = (value: string) => locked && selected.length <= 1 && selected.includes(value);
  const toggle = (value: string) => {
    if (keeps(value)) return;
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  };

  // Selected values stay listed on top even when the search or the other filters hide them.
  const listed =
    only?.filter((value) => value.toLowerCase().includes(q.trim().toLowerCase())).map((value) => ({ value, runs: null as number | null })) ??
    data?.values ??
    [];
  const extra = selected.filter((value) => !listed.some((item) => item.value === value));
  const options = [...extra.map((value) => ({ value, runs: null as number | null })), ...listed];

  const focusOption = (index: number) => {
    const boxes = listRef.current?.querySelectorAll<HTMLInputElement>("input[type=checkbox]");
    if (!boxes || boxes.length === 0) return;
    boxes[Math.max(0, Math.min(boxes.length - 1, index))]?.focus();
  };
  const onListKey = (event: React.KeyboardEvent) => {
    const boxes = Array.from(listRef.current?.querySelectorAll<HTMLInputElement>("input[type=checkbox]") ?? []);
    const index = boxes.indexOf(document.activeElement as HTMLInputElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      focusOption(index + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (index <= 0) inputRef.current?.focus();
      else focusOption(index - 1);
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      boxes[index]?.click();
    }
  };

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={single ? undefined : open}
        aria-controls={open ? `${id}-panel` : undefined}
        // One fixed value leaves nothing to pick: the button stays focusable, with its reason.
        aria-disabled={single || undefined}
        title={locked ? lockedReason : undefined}
        data-testid={`filter-${dim}`}
        data-locked={locked ? "true" : undefined}
        onClick={() => {
          if (!single) setOpen((value) => !value);
        }}
        // No colour transition: the button changes with every filter change, and a fade would
        // repaint the page for every frame of it while the new figures are being computed.
        className={
          "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm font-medium " +
          (selected.length > 0 ? "border-accent bg-accent-soft text-foreground" : "border-border-strong bg-card hover:bg-subtle") +
          (single ? " cursor-not-allowed" : "")
        }
      >
        {label}
        {selected.length > 0 ? (
          <span className="rounded bg-accent px-1.5 text-xs font-semibold text-accent-foreground tabular">{selected.length}</span>
        ) : null}
        {locked ? <span className="sr-only">, limited by the shared view</span> : null}
        <svg aria-hidden="true" width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" className="text-muted">
          <path d="m6 9 6 6 6-6" />
        </svg>
      </button>
      {open ? (
        <div
          id={`${id}-panel`}
          role="dialog"
          aria-label={`Filter by ${label.toLowerCase()}`}
          className="absolute left-0 z-40 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-border bg-card shadow-lg"
        >
          <div className="border-b border-border p-2">
            <label htmlFor={`${id}-search`} className="sr-only">
              Search {label.toLowerCase()}
            </label>
            <input
              ref={inputRef}
              id={`${id}-search`}
              type="search"
              autoComplete="off"
              placeholder={`Search ${label.toLowerCase()}…`}
              value={text}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "ArrowDown") {
                  event.preventDefault();
                  focusOption(0);
                } else if (event.key === "Enter") {
                  event.preventDefault();
                  const first = options[0];
                  if (first) toggle(first.value);
                }
              }}
              className="h-8 w-full rounded-md border border-border-strong bg-background px-2 text-sm"
            />
          </div>
          <ul ref={listRef} onKeyDown={onListKey} className="max-h-72 overflow-y-auto p-1" aria-busy={isFetching}>
            {isError ? (
              <li className="px-2 py-3 text-sm text-danger">{(error as Error).message}</li>
            ) : !data && isFetching ? (
              <li className="px-2 py-3 text-sm text-muted">Loading…</li>
            ) : options.length === 0 ? (
              <li className="px-2 py-3 text-sm text-muted">{q ? `No ${label.toLowerCase()} matches “${q}”.` : "No values under the other filters."}</li>
            ) : (
              options.map((option) => {
                const checked = selected.includes(option.value);
                return (
                  <li key={option.value}>
                    <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-subtle focus-within:bg-subtle">
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={keeps(option.value)}
                        title={keeps(option.value) ? lockedReason : undefined}
                        onChange={() => toggle(option.value)}
                        className="h-3.5 w-3.5 accent-[var(--accent)]"
                      />
                      <span className="min-w-0 flex-1 truncate" title={option.value}>
                        {option.value}
                      </span>
                      {option.runs !== null ? (
                        <span className="text-xs text-muted tabular">{formatCount(option.runs)}</span>
                      ) : null}
                    </label>
                  </li>
                );
              })
            )}
          </ul>
          {locked ? (
            <p className="border-t border-border px-3 py-1.5 text-xs text-muted">{lockedReason}.</p>
          ) : data && data.total > listed.length ? (
            <p className="border-t border-border px-3 py-1.5 text-xs text-muted">
              {formatCount(listed.length)} of {formatCount(data.total)} shown. Type to narrow.
            </p>
          ) : null}
          <div className="flex justify-between border-t border-border px-2 py-1.5">
            <button
              type="button"
              onClick={() => onChange([])}
              disabled={selected.length === 0 || locked}
              title={locked ? lockedReason : undefined}
              className="rounded px-2 py-1 text-xs font-medium text-muted hover:text-foreground disabled:opacity-50"
            >
              Clear
            </button>
            <button type="button" onClick={close} className="rounded px-2 py-1 text-xs font-medium text-accent">
              Done
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
