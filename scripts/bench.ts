import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchContext, BenchRow } from "./bench/harness";
import { BENCHES } from "./bench/registry";
import { spawnSimulator, type SimulatorProcess } from "./bench/simulator-process";
import { markdownTable, textTable } from "./table";

/**
 * `npm run bench [-- name …]`: every benchmark in scripts/bench/registry.ts (or those whose
 * name contains one of the arguments), one aligned table on stdout, the same table in
 * bench-results/latest.md. BENCH_RUNS sets the size of the simulated deployment (default 1M).
 * Progress goes to stderr.
 */

const ROOT = path.resolve(__dirname, "..");

function benchRuns(): number {
  const raw = process.env.BENCH_RUNS?.replaceAll("_", "");
  if (raw === undefined || raw === "") return 1_000_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be a positive integer, got "${process.env.BENCH_RUNS}"`);
  return n;
}

function formatFigures(figures: Record<string, string>): string {
  return Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function metText(met: boolean | undefined): string {
  return met === undefined ? "" : met ? "yes" : "NO";
}

const HEADINGS = ["bench", "variant", "figures", "target", "met"] as const;

function cells(row: BenchRow): string[] {
  return [row.bench, row.variant, formatFigures(row.figures), row.target ?? "", metText(row.met)];
}

async function main(): Promise<number> {
  const runs = benchRuns();
  const filters = process.argv.slice(2);
  const selected = filters.length === 0 ? BENCHES : BENCHES.filter((b) => filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    process.stderr.write(`no benchmark matches ${filters.join(", ")}; there are: ${BENCHES.map((b) => b.name).join(", ")}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

  let simulator: Promise<SimulatorProcess> | null = null;
  const context: BenchContext = {
    runs,
    simulator() {
      if (simulator === null) {
        log(`starting the simulator with ${runs.toLocaleString("en-US")} pre-built runs`);
        simulator = spawnSimulator({ runs, log });
      }
      return simulator.then(({ url, adminKey }) => ({ url, adminKey }));
    },
    log,
  };

  const rows: BenchRow[] = [];
  let failed = false;
  const started = new Date();
  try {
    for (const bench of selected) {
      log(`${bench.name}…`);
      try {
        rows.push(...(await bench.run(context)));
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message : String(error);
        log(`${bench.name} failed: ${message}`);
        rows.push({ bench: bench.name, variant: "(failed)", figures: { error: message.split("\n")[0]!.slice(0, 160) } });
      }
    }
  } finally {
    if (simulator !== null) {
      const running = await (simulator as Promise<SimulatorProcess>).catch(() => null);
      await running?.stop();
    }
  }

  const table = textTable(HEADINGS, rows.map(cells));
  process.stdout.write(`${table}\n`);
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, ${Math.round(os.totalmem() / 2 ** 30)} GB`;
  const markdown = [
    "# Benchmark results",
    "",
    `${started.toISOString()} · BENCH_RUNS=${runs} · ${machine}`,
    "",
    markdownTable(HEADINGS, rows.map(cells)),
    "",
  ].join("\n");
  await mkdir(path.join(ROOT, "bench-results"), { recursive: true });
  await writeFile(path.join(ROOT, "bench-results", "latest.md"), markdown);
  log("written to bench-results/latest.md");
  return failed || rows.some((r) => r.met === false) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
