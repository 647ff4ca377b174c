"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { errorFromBody, type ApiRequestError } from "@/lib/query/fetch-json";
import { scopeLabel } from "@/lib/budgets/scope-label";
import type { Budget, BudgetChannel } from "@/lib/budgets/types";
import { DEFAULT_THRESHOLDS } from "@/lib/budgets/types";
import { useSettings } from "@/components/layout/settings-context";
import { budgetsQueryKey } from "./budget-list";

const listText = (values: number[]) => values.join(", ");
const parseList = (text: string) =>
  text
    .split(/[\s,;%]+/)
    .filter(Boolean)
    .map(Number);
const channelsText = (channels: BudgetChannel[]) => channels.map((c) => (c.type === "webhook" ? c.url : c.to)).join("\n");
const parseChannels = (text: string): BudgetChannel[] =>
  text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/^https?:\/\//i.test(l) ? { type: "webhook", url: l } : { type: "email", to: l }));

/** The scope as the API takes it: `{tier: [...], q: "..."}` from a filter query string. */
function scopeObject(scope: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  new URLSearchParams(scope).forEach((value, key) => {
    out[key] = [...(out[key] ?? []), value];
  });
  return out;
}

const input = "mt-1 w-full rounded-md border border-border-strong bg-card px-2.5 py-1.5 text-sm";

/** Create or edit a budget (admins). The scope is the view it was opened from, shown read-only. */
export function BudgetForm({ budget, scope }: { budget?: Budget; scope: string }) {
  const { viewer } = useSettings();
  const router = useRouter();
  const client = useQueryClient();
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [busy, setBusy] = useState(false);
  if (viewer !== "admin") return <p className="text-sm text-muted">Only an admin can create or change budgets.</p>;

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      period: String(form.get("period") ?? "month"),
      amount: String(form.get("amount") ?? ""),
      currency: String(form.get("currency") ?? ""),
      thresholds: { actual: parseList(String(form.get("actual") ?? "")), forecast: parseList(String(form.get("forecast") ?? "")) },
      channels: parseChannels(String(form.get("channels") ?? "")),
      paused: form.get("paused") === "on",
      ...(budget ? {} : { scope: scopeObject(scope) }),
    };
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(budget ? `/api/budgets/${encodeURIComponent(budget.id)}` : "/api/budgets", {
        method: budget ? "PATCH" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null));
      await client.invalidateQueries({ queryKey: budgetsQueryKey });
      router.push("/budgets");
    } catch (e) {
      setError(e as ApiRequestError);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => (error?.field === name || error?.field?.startsWith(`${name}.`) ? "true" : undefined);
  return (
    <form onSubmit={(e) => void submit(e)} className="flex max-w-xl flex-col gap-4 rounded-xl border border-border bg-card p-4 sm:p-5" data-testid="budget-form">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-muted">Scope</p>
        <p className="mt-1 text-sm" data-testid="budget-form-scope">{scopeLabel(scope)}</p>
      </div>
      <label className="text-sm font-medium">
        Name
        <input name="name" required maxLength={120} defaultValue={budget?.name ?? ""} aria-invalid={field("name")} className={input} />
      </label>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <label className="text-sm font-medium">
          Amount
          <input name="amount" required inputMode="decimal" defaultValue={budget?.amount ?? ""} aria-invalid={field("amount")} className={input} />
        </label>
        <label className="text-sm font-medium">
          Currency
          <input name="currency" required maxLength={3} defaultValue={budget?.currency ?? "USD"} aria-invalid={field("currency")} className={input} />
        </label>
        <label className="text-sm font-medium">
          Period
          <select name="period" defaultValue={budget?.period ?? "month"} className={input}>
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
            <option value="year">Year</option>
          </select>
        </label>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="text-sm font-medium">
          Alert at % of budget spent
          <input name="actual" defaultValue={listText(budget?.thresholds.actual ?? DEFAULT_THRESHOLDS.actual)} aria-invalid={field("thresholds")} className={input} />
        </label>
        <label className="text-sm font-medium">
          Alert at % of budget forecast
          <input name="forecast" defaultValue={listText(budget?.thresholds.forecast ?? DEFAULT_THRESHOLDS.forecast)} aria-invalid={field("thresholds")} className={input} />
        </label>
      </div>
      <label className="text-sm font-medium">
        Send alerts to <span className="font-normal text-muted">(one webhook URL or e-mail address a line)</span>
        <textarea name="channels" rows={3} defaultValue={channelsText(budget?.channels ?? [])} aria-invalid={field("channels")} className={input} />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="paused" defaultChecked={budget?.paused ?? false} /> Paused (no alerts)
      </label>
      {error ? (
        <p role="alert" className="text-sm text-danger" data-testid="budget-form-error">
          {error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={busy} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-foreground">
          {budget ? "Save budget" : "Create budget"}
        </button>
        <Link href="/budgets" className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-subtle">
          Cancel
        </Link>
      </div>
    </form>
  );
}
