/**
 * Small, fast, seedable randomness. Every simulated value is a pure function of
 * (seed, index, stream), so run i can be computed without computing the runs before it.
 */

/** A 32-bit avalanche mix (the finaliser of MurmurHash3). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes up to three integers into an unsigned 32-bit value. Indices above 2^32 are split. */
export function hash32(a: number, b = 0, c = 0): number {
  const bHigh = Math.floor(b / 0x1_0000_0000);
  let h = fmix32((a ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(b >>> 0, 0x27d4eb2d)) >>> 0);
  h = fmix32((h ^ Math.imul(bHigh, 0x165667b1)) >>> 0);
  h = fmix32((h ^ Math.imul(c >>> 0, 0x1b873593)) >>> 0);
  return h;
}

/** A uniform number in [0, 1) from a hash. */
export function unit(a: number, b = 0, c = 0): number {
  return hash32(a, b, c) / 0x1_0000_0000;
}

/** A sequential generator (mulberry32) for the many draws one run needs. */
export class Rng {
  private state: number;

  constructor(seed: number, index: number, stream = 0) {
    this.state = hash32(seed, index, stream);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median and shape, clamped to [min, max]. */
  logNormal(median: number, sigma: number, min: number, max: number): number {
    const x = median * Math.exp(sigma * this.normal());
    return x < min ? min : x > max ? max : x;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** 24 lowercase hex digits, the shape of Domino's (MongoDB) ids. */
  hexId(): string {
    return hex8(this.next()) + hex8(this.next()) + hex8(this.next());
  }
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex8(u: number): string {
  const x = Math.floor(u * 0x1_0000_0000);
  return HEX_BYTE[x >>> 24]! + HEX_BYTE[(x >>> 16) & 255]! + HEX_BYTE[(x >>> 8) & 255]! + HEX_BYTE[x & 255]!;
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution,
 * used for users (by activity) and other weighted catalog choices.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new Error("AliasTable needs at least one weight");
    const total = weights.reduce((s, w) => s + w, 0);
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  /** Draws an index from two uniforms. */
  draw(u1: number, u2: number): number {
    const i = Math.floor(u1 * this.prob.length);
    return u2 < this.prob[i]! ? i : this.alias[i]!;
  }
}

/** Picks an index of `weights` with one uniform draw (for short lists). */
export function weightedIndex(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
