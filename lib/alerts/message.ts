import { scopeLabel } from "@/lib/budgets/scope-label";
import type { BudgetStatus } from "@/lib/budgets/types";

/**
 * What an alert says, built once when the crossing is recorded and stored with the delivery, so
 * every retry sends the same words. The webhook body is JSON with a Slack-compatible `text`.
 */

export interface AlertMessage {
  subject: string;
  text: string;
  html: string;
  /** The webhook's JSON body (docs/alerts.md). */
  body: string;
}

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function alertMessage(
  deliveryId: string,
  status: BudgetStatus,
  kind: "actual" | "forecast",
  pct: number,
  createdAt: string,
): AlertMessage {
  const b = status.budget;
  const amount = Number(b.amount);
  const thresholdAmount = Math.round(amount * pct) / 100;
  const scope = scopeLabel(b.scope);
  const what =
    kind === "actual"
      ? `has spent ${money(status.actual, b.currency)}, ${status.actualShare} % of its ${money(amount, b.currency)}`
      : `is forecast to reach ${money(status.forecast, b.currency)}, ${status.forecastShare} % of its ${money(amount, b.currency)}`;
  const subject = `Budget "${b.name}" ${kind === "actual" ? "passed" : "is forecast to pass"} ${pct} % for ${status.period.label}`;
  const text =
    `Budget "${b.name}" (${scope}) ${what} for ${status.period.label}: ` +
    `the ${pct} % ${kind === "actual" ? "spend" : "forecast"} threshold (${money(thresholdAmount, b.currency)}) was crossed. ` +
    `Spent so far ${money(status.actual, b.currency)}; forecast ${money(status.forecast, b.currency)} ` +
    `(80 % range ${money(status.forecastLow, b.currency)}–${money(status.forecastHigh, b.currency)}).`;
  const body = JSON.stringify({
    id: deliveryId,
    type: "budget.threshold_crossed",
    text,
    budget: { id: b.id, name: b.name, scope: b.scope, scopeLabel: scope, period: b.period, amount: b.amount, currency: b.currency },
    period: status.period,
    threshold: { kind, percent: pct, amount: thresholdAmount.toFixed(2) },
    actual: status.actual,
    forecast: { total: status.forecast, low: status.forecastLow, high: status.forecastHigh },
    state: status.state,
    dashboardPath: status.dashboardPath,
    createdAt,
  });
  const html =
    `<p>Budget <strong>${escapeHtml(b.name)}</strong> (${escapeHtml(scope)}) ${escapeHtml(what)} for ${escapeHtml(status.period.label)}.</p>` +
    `<table cellpadding="4"><tr><td>Threshold</td><td>${pct} % ${kind === "actual" ? "of spend" : "of forecast"} (${escapeHtml(money(thresholdAmount, b.currency))})</td></tr>` +
    `<tr><td>Spent so far</td><td>${escapeHtml(money(status.actual, b.currency))}</td></tr>` +
    `<tr><td>Forecast</td><td>${escapeHtml(money(status.forecast, b.currency))} (${escapeHtml(money(status.forecastLow, b.currency))}–${escapeHtml(money(status.forecastHigh, b.currency))})</td></tr></table>` +
    `<p>Dashboard view: <code>${escapeHtml(status.dashboardPath)}</code></p>`;
  return { subject, text, html, body };
}
