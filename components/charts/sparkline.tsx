/** A small trend line for a table row, in plain SVG (no chart library for 50 tiny charts). */
export function Sparkline({
  values,
  color,
  width = 80,
  height = 22,
  label,
}: {
  values: number[];
  color: string;
  width?: number;
  height?: number;
  label: string;
}) {
  if (values.length < 2) return null;
  const max = Math.max(...values);
  const step = width / (values.length - 1);
  const y = (value: number) => (max > 0 ? height - 2 - (value / max) * (height - 4) : height - 2);
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="overflow-visible">
      <polygon points={`0,${height} ${points} ${width},${height}`} fill={color} opacity={0.12} />
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
