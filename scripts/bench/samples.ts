/** Timing helpers the benchmarks share: samples of one function, or of two in turn. */
export { percentile } from "../reliability/report";

/** `times` wall-clock samples (ms) of `fn`, one after another. */
export async function sample(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** Two variants sampled in turn, so a busy moment of the shared machine weighs on both alike. */
export async function sideBySide(times: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const [first, second, firstOut, secondOut] = i % 2 === 0 ? [a, b, as, bs] : [b, a, bs, as];
    let t = performance.now();
    await first();
    firstOut.push(performance.now() - t);
    t = performance.now();
    await second();
    secondOut.push(performance.now() - t);
  }
  return [as, bs];
}

/** A duration in ms with one decimal, as the bench table shows it. */
export const ms = (v: number) => v.toFixed(1);
