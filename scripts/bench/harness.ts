/**
 * The shape every benchmark in `npm run bench` shares. Each benchmark lives in its own
 * file under scripts/bench/ and is listed in registry.ts; scripts/bench.ts runs them in
 * order and prints one table. Comparisons run side by side inside one benchmark, so their
 * ratio holds on a noisy machine.
 */
export interface BenchRow {
  /** What was measured, e.g. "backfill 1,000,000 runs". */
  bench: string;
  /** The path or variant, e.g. "runledger sync" or "article's Python loop". */
  variant: string;
  /** The figures, already formatted, e.g. { "wall s": "11.2", "runs/s": "89k" }. */
  figures: Record<string, string>;
  /** The target from the issue, if any, e.g. "≤ 20 s wall". */
  target?: string;
  /** Whether the target was met; undefined when there is none. */
  met?: boolean;
}

export interface BenchContext {
  /** How many simulated runs the large benchmarks use (BENCH_RUNS, default 1,000,000). */
  runs: number;
  /** A gateway simulator serving `runs` runs from pre-built pages, in its own process, started once. */
  simulator(): Promise<{ url: string; adminKey: string }>;
  log(message: string): void;
}

export interface Bench {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}
