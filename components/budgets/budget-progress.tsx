/**
 * Actual and forecast as shares of a budget on one bar: the actual solid, the forecast beyond
 * it hatched, the budget (100 %) as a mark. Over 100 % the scale grows so the mark stays visible.
 */
export function BudgetProgress({ actualShare, forecastShare }: { actualShare: number; forecastShare: number }) {
  const scale = Math.max(100, actualShare, forecastShare);
  const pct = (v: number) => `${Math.max(0, Math.min(100, (v / scale) * 100))}%`;
  const over = actualShare >= 100;
  return (
    <div className="relative h-3 w-full overflow-hidden rounded-full bg-subtle" data-testid="budget-bar">
      <div
        className="absolute inset-y-0 left-0 rounded-full"
        style={{
          width: pct(Math.max(forecastShare, actualShare)),
          backgroundImage: "repeating-linear-gradient(135deg, var(--chart-1) 0 3px, transparent 3px 6px)",
          opacity: 0.45,
        }}
        data-testid="budget-bar-forecast"
      />
      <div
        className="absolute inset-y-0 left-0 rounded-full"
        style={{ width: pct(actualShare), background: over ? "var(--danger)" : "var(--chart-1)" }}
        data-testid="budget-bar-actual"
      />
      <div className="absolute inset-y-0 w-0.5 bg-foreground" style={{ left: `calc(${pct(100)} - 1px)` }} aria-hidden="true" />
    </div>
  );
}
