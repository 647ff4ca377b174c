import path from "node:path";
import { childResult } from "./child-result";
import type { Bench, BenchContext, BenchRow } from "./harness";
import { tsNodeArgs } from "./simulator-process";

/**
 * Reading every simulated run over loopback through the gateway client, side by side with
 * the loop from Domino's export article (Python, requests + json.loads per page + csv) against
 * the same simulator. Each reader runs in its own process: its wall time is its own reading
 * time and its peak RSS its own.
 */

interface ReadResult {
  runs: number;
  pages: number;
  wallS: number;
  cpuS: number;
  maxRssMb: number;
}

interface Variant {
  key: string;
  label: string;
  read(): Promise<ReadResult>;
}

const ROOT = path.resolve(__dirname, "../..");

function humanCount(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString("en-US");
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median wall time (min–max when there are several rounds), CPU time, peak RSS, runs read. */
function figures(results: ReadResult[]): Record<string, string> {
  const walls = results.map((r) => r.wallS);
  const wall = median(walls);
  const runs = Math.min(...results.map((r) => r.runs));
  const spread = results.length > 1 ? ` (${Math.min(...walls).toFixed(1)}–${Math.max(...walls).toFixed(1)})` : "";
  return {
    "runs/s": `${Math.round(runs / wall / 1000)}k`,
    "wall s": `${wall.toFixed(1)}${spread}`,
    "CPU s": median(results.map((r) => r.cpuS)).toFixed(1),
    "peak RSS MB": String(Math.round(Math.max(...results.map((r) => r.maxRssMb)))),
    runs: runs.toLocaleString("en-US"),
  };
}

function benchRounds(): number {
  const n = Number(process.env.BENCH_ROUNDS ?? 3);
  return Number.isInteger(n) && n >= 1 ? n : 3;
}

export const gatewayReadBench: Bench = {
  name: "gateway-read",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const env = { DOMINO_API_HOST: sim.url, DOMINO_USER_API_KEY: sim.adminKey, DOMINO_PAGE_LIMIT: "1000" };
    const bench = `read ${humanCount(context.runs)} runs via client`;
    const node = (mode: string) => () =>
      childResult<ReadResult>(`reader (${mode})`, process.execPath, [...tsNodeArgs("scripts/bench/gateway-read-process.ts"), mode], "stdout", env);
    const variants: Variant[] = [
      { key: "client", label: "client, reads a page ahead (readPages)", read: node("client") },
      { key: "sequential", label: "client, one page at a time", read: node("sequential") },
      { key: "export", label: "npm run export, CSV to /dev/null", read: node("export") },
      {
        key: "python",
        label: "article's Python loop (requests, json.loads, csv)",
        read: () => childResult<ReadResult>("article-loop.py", "python3", [path.join(ROOT, "scripts/bench/article-loop.py"), sim.url, sim.adminKey, "/dev/null"], "stderr"),
      },
    ];

    // Rounds interleave the variants, each round in a rotated order, so a busy spell on a
    // shared machine lands on all of them rather than on one.
    const rounds = benchRounds();
    const results = new Map<string, ReadResult[]>(variants.map((v) => [v.key, []]));
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(k + round) % variants.length]!;
        context.log(`${bench}: round ${round + 1}/${rounds}, ${variant.label}`);
        results.get(variant.key)!.push(await variant.read());
      }
    }

    const of = (key: string) => results.get(key)!;
    const python = median(of("python").map((r) => r.wallS));
    // A time means something only if the reader read every run. The simulator's clock runs on,
    // so a later read may see a few runs queued since; none may see fewer than were asked for.
    const complete = (key: string) => of(key).every((r) => r.runs >= context.runs);
    const wall = (key: string) => median(of(key).map((r) => r.wallS));
    const row = (key: string, target?: string): BenchRow => {
      const variant = variants.find((v) => v.key === key)!;
      const figs = figures(of(key));
      if (key !== "python") figs["vs Python"] = `${(python / wall(key)).toFixed(1)}×`;
      return {
        bench,
        variant: variant.label,
        figures: figs,
        ...(target ? { target, met: complete(key) && wall(key) < python } : {}),
      };
    };
    return [row("client", "faster than the article's loop"), row("sequential"), row("export", "faster than the article's loop"), row("python")];
  },
};
