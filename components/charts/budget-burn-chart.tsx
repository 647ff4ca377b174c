/**
 * Cumulative spend over a budget's period against the budget line, as a small inline SVG:
 * the spend so far as a solid line, the forecast to the period's end dashed, the budget as a
 * horizontal line. Colours from the theme's CSS variables.
 */
export function BudgetBurnChart({
  points,
  amount,
  label,
}: {
  points: { date: string; actual: number | null; forecast: number | null }[];
  amount: number;
  /** For screen readers: what the chart says in words. */
  label: string;
}) {
  const width = 240;
  const height = 64;
  const pad = 2;
  const n = Math.max(points.length, 2);
  const max = Math.max(amount, ...points.map((p) => Math.max(p.actual ?? 0, p.forecast ?? 0))) * 1.08 || 1;
  const x = (i: number) => pad + (i / (n - 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const actual = points.map((p, i) => (p.actual === null ? null : `${x(i).toFixed(1)},${y(p.actual).toFixed(1)}`)).filter(Boolean);
  const lastActual = points.reduce((last, p, i) => (p.actual !== null ? i : last), -1);
  // The forecast starts where the spend line ends, so the two read as one line.
  const forecast = points
    .map((p, i) =>
      p.forecast !== null
        ? `${x(i).toFixed(1)},${y(p.forecast).toFixed(1)}`
        : i === lastActual && p.actual !== null
          ? `${x(i).toFixed(1)},${y(p.actual).toFixed(1)}`
          : null,
    )
    .filter(Boolean);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-16 w-full" role="img" aria-label={label} preserveAspectRatio="none">
      <line x1={pad} x2={width - pad} y1={y(amount)} y2={y(amount)} stroke="var(--danger)" strokeWidth="1" strokeDasharray="2 3" vectorEffect="non-scaling-stroke" />
      {forecast.length > 1 ? (
        <polyline points={forecast.join(" ")} fill="none" stroke="var(--chart-1)" strokeOpacity="0.7" strokeWidth="1.5" strokeDasharray="4 3" vectorEffect="non-scaling-stroke" />
      ) : null}
      {actual.length > 1 ? (
        <polyline points={actual.join(" ")} fill="none" stroke="var(--chart-1)" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      ) : null}
    </svg>
  );
}
