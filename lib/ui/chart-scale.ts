/**
 * The maths of the cost chart, kept pure so it can be tested without a browser: a "nice" value
 * axis, the bars' bands, the stacks and which category labels fit under them.
 */

/** Axis ticks from 0 up to a round value at or above `max`, about `count` of them ($0, $50k, $100k…). */
export function niceTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  const step = niceStep(max / Math.max(1, count - 1));
  const steps = Math.ceil(max / step - 1e-9);
  // Rounded to the step's own precision: 0.1 + 0.2 must print as 0.3, not 0.30000000000000004.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toFixed(digits)));
}

/** The smallest of 1, 2, 2.5, 5 or 10 × a power of ten at or above `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export interface Bands {
  /** Width of one category, gap included. */
  band: number;
  /** Width of the bar drawn inside it. */
  bar: number;
  /** From a band's start to its bar's start: half the gap. */
  inset: number;
}

/** `count` categories across `width` px, each leaving `gapRatio` of its band empty (half each side). */
export function bandLayout(count: number, width: number, gapRatio = 0.18): Bands {
  const band = count > 0 ? Math.max(0, width) / count : 0;
  return { band, bar: band * (1 - gapRatio), inset: (band * gapRatio) / 2 };
}

/**
 * Per series (outer, in key order) and category (inner): the running total below the segment
 * and the one at its top. Series 0 sits at the bottom. Negative or missing values count as 0.
 */
export function stackSeries(values: readonly (readonly number[])[], categories: number): { low: Float64Array; high: Float64Array }[] {
  const base = new Float64Array(categories);
  return values.map((series) => {
    const low = base.slice();
    for (let index = 0; index < categories; index += 1) {
      const value = series[index] ?? 0;
      if (value > 0) base[index] = (base[index] ?? 0) + value;
    }
    return { low, high: base.slice() };
  });
}

/** Two decimals: enough for a crisp edge, and a shorter path than 15 digits per number. */
export function px(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * One series' segments as a single SVG path, one closed rectangle per category where the
 * series has a value: a browser draws one path far faster than hundreds of <rect> elements.
 * `left` is each bar's left edge and `toY` maps a stacked value to px.
 */
export function segmentsPath(
  stack: { low: ArrayLike<number>; high: ArrayLike<number> },
  left: (category: number) => number,
  barWidth: number,
  toY: (value: number) => number,
): string {
  const width = px(barWidth);
  let path = "";
  for (let category = 0; category < stack.low.length; category += 1) {
    const low = stack.low[category] ?? 0;
    const high = stack.high[category] ?? 0;
    if (!(high > low)) continue;
    const top = px(toY(high));
    // Rounded at both ends, so segments stacked on each other meet with no seam or overlap.
    const height = px(px(toY(low)) - top);
    if (height <= 0) continue;
    path += `M${px(left(category))} ${top}h${width}v${height}h${-width}z`;
  }
  return path;
}

/** About how wide a label is in 11 px text: digits and letters average ~6.2 px; kept generous. */
export function estimateLabelWidth(text: string, fontSize = 11): number {
  return text.length * fontSize * 0.6;
}

export interface PlacedLabel {
  index: number;
  /** The label's centre, in px. */
  x: number;
}

/**
 * Which category labels to print so none overlap: every `stride`-th one, counted back from
 * the last (the latest bucket is the one readers look for), with at least `minGap` px between
 * neighbours. A label is centred under its band (`offset` is where the first band starts),
 * moved inwards where it would stick out of [0, width], and left out if it then crowds the next.
 */
export function visibleLabels(
  labels: readonly string[],
  band: number,
  offset: number,
  width: number,
  minGap = 16,
  fontSize = 11,
): PlacedLabel[] {
  if (labels.length === 0 || band <= 0) return [];
  const widest = labels.reduce((max, label) => Math.max(max, estimateLabelWidth(label, fontSize)), 0);
  const stride = Math.max(1, Math.ceil((widest + minGap) / band));
  const placed: PlacedLabel[] = [];
  // Right to left: where the next label's right side must stay.
  let limit = width;
  for (let index = labels.length - 1; index >= 0; index -= stride) {
    const half = estimateLabelWidth(labels[index] ?? "", fontSize) / 2;
    let x = Math.min(offset + (index + 0.5) * band, width - half);
    if (x - half < 0) x = half;
    if (x + half > limit) continue;
    placed.push({ index, x });
    limit = x - half - minGap;
  }
  return placed.reverse();
}

/** The category under `x` px (plot coordinates), or null outside the plot. */
export function categoryAt(x: number, band: number, count: number): number | null {
  if (band <= 0 || x < 0) return null;
  const index = Math.floor(x / band);
  return index < count ? index : null;
}
