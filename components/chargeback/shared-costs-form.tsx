"use client";
import { useState } from "react";
import { sendJson } from "@/lib/query/send-json";
import { formatCents } from "@/lib/ui/format-cents";
import type { StatementSection } from "./types";

const input = "h-8 min-w-0 rounded-md border border-border-strong bg-card px-2 text-sm";
const button = "inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle disabled:opacity-50";

const SPREAD_LABEL = { proportional: "in proportion to compute cost", even: "evenly over the teams", teams: "to named teams" } as const;

/** Admins add fixed costs to an open period and remove them; each shows how it is spread. */
export function SharedCostsForm({
  period,
  sections,
  teams,
  editable,
  onChanged,
}: {
  period: string;
  sections: StatementSection[];
  teams: string[];
  editable: boolean;
  onChanged: () => void;
}) {
  const [label, setLabel] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(sections[0]?.currency ?? "USD");
  const [spread, setSpread] = useState<keyof typeof SPREAD_LABEL>("proportional");
  const [named, setNamed] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const costs = sections.flatMap((s) => s.sharedCosts);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await sendJson("/api/chargeback/shared-costs", "POST", { period, label, currency, amount, spread, teams: spread === "teams" ? named : [] });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    setLabel("");
    setAmount("");
    onChanged();
  };

  const remove = async (id: string) => {
    const result = await sendJson(`/api/chargeback/shared-costs/${encodeURIComponent(id)}`, "DELETE");
    if (!result.ok) return setError(result.message);
    onChanged();
  };

  return (
    <div className="flex flex-col gap-3">
      {costs.length === 0 ? <p className="text-sm text-muted">No shared costs for this period.</p> : null}
      <ul className="text-sm">
        {costs.map((cost) => (
          <li key={cost.id} className="flex items-center justify-between gap-3 border-b border-border py-1.5 last:border-b-0">
            <span>
              <span className="font-medium">{cost.label}</span> <span className="tabular">{formatCents(cost.cents, cost.currency)}</span>{" "}
              <span className="text-muted">
                {SPREAD_LABEL[cost.spread]}
                {cost.spread === "teams" ? `: ${cost.teams.join(", ")}` : ""}
                {cost.period !== period ? ` (entered for ${cost.period})` : ""}
              </span>
            </span>
            {editable ? (
              <button type="button" className={button} onClick={() => void remove(cost.id)} aria-label={`Remove shared cost ${cost.label}`}>
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <form onSubmit={(e) => void add(e)} className="flex flex-wrap items-end gap-2 text-sm">
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Label</span>
            <input className={input} value={label} onChange={(e) => setLabel(e.target.value)} required placeholder="Licence" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Amount</span>
            <input className={`${input} w-32`} value={amount} onChange={(e) => setAmount(e.target.value)} required inputMode="decimal" placeholder="1250.00" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Currency</span>
            <input className={`${input} w-20`} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} maxLength={3} required />
          </label>
          <label className="flex flex-col gap-1">
            <span className="text-xs text-muted">Spread</span>
            <select className={input} value={spread} onChange={(e) => setSpread(e.target.value as keyof typeof SPREAD_LABEL)}>
              <option value="proportional">In proportion to compute cost</option>
              <option value="even">Evenly over the teams</option>
              <option value="teams">To named teams</option>
            </select>
          </label>
          {spread === "teams" ? (
            <fieldset className="flex flex-wrap gap-2">
              <legend className="text-xs text-muted">Teams</legend>
              {teams.map((team) => (
                <label key={team} className="inline-flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={named.includes(team)}
                    onChange={(e) => setNamed((list) => (e.target.checked ? [...list, team] : list.filter((t) => t !== team)))}
                  />
                  {team}
                </label>
              ))}
            </fieldset>
          ) : null}
          <button type="submit" className={button} disabled={busy}>
            Add shared cost
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
