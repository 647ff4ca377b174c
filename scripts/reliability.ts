import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareApp, ROOT } from "./reliability/processes";
import { failed, markdownTable, textTable, type Mode, type ReliabilityRow, type Scenario } from "./reliability/report";
import { SCENARIOS } from "./reliability/registry";

/**
 * `npm run test:reliability [-- --quick | --ci] [-- --no-build | --snapshot] [-- name …]`: load,
 * faults and hostile input against the built app (one `next build`, then each scenario's servers
 * run from a snapshot of it), one table at the end, the same table in bench-results/reliability*.md.
 *
 * `--quick`: a smaller store, shorter load. `--ci`: every part briefly (about 2–3 minutes on
 * 2 cores), the fault phases shortened, the scenarios that mostly wait run beside the others;
 * `npm test` runs it after the end-to-end tests and reuses the build they made (`--build` builds
 * anyway). `--snapshot` reuses the last run's copy of the build without taking any lock.
 * Exit code 1 when any scenario did not hold or lost anything. Progress goes to stderr.
 */

const REPORT_FILE: Record<Mode, string> = { full: "reliability.md", quick: "reliability-quick.md", ci: "reliability-ci.md" };

function modeOf(args: string[]): Mode {
  if (args.includes("--ci")) return "ci";
  return args.includes("--quick") ? "quick" : "full";
}

function failedRow(scenario: Scenario, error: unknown): ReliabilityRow {
  const message = error instanceof Error ? error.message : String(error);
  return { group: "faults", scenario: scenario.name, held: false, problem: message.split("\n")[0]!.slice(0, 300), figures: {}, lost: "unknown" };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const mode = modeOf(args);
  const unknown = args.filter((a) => a.startsWith("--") && !["--ci", "--quick", "--no-build", "--build", "--snapshot"].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown.join(", ")}: use --quick, --ci, --no-build, --build, --snapshot and scenario names\n`);
    return 2;
  }
  const names = args.filter((a) => !a.startsWith("--"));
  const matching = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.some((n) => s.name.includes(n)));
  // With --ci the scenarios that mostly wait start first, so their waiting overlaps the rest.
  const selected = mode === "ci" ? [...matching.filter((s) => s.mostlyWaits), ...matching.filter((s) => !s.mostlyWaits)] : matching;
  if (selected.length === 0) {
    process.stderr.write(`no scenario matches ${names.join(", ")}; there are: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`[reliability] ${message}\n`);
  const work = path.join(os.tmpdir(), `runledger-reliability-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  // --ci follows the end-to-end tests, whose web server has just built the same sources.
  const build = args.includes("--snapshot")
    ? "snapshot"
    : args.includes("--no-build")
      ? "never"
      : mode === "ci" && !args.includes("--build")
        ? "if-missing"
        : "always";
  const preparing = performance.now();
  prepareApp({ build, log });
  log(`app ready in ${((performance.now() - preparing) / 1000).toFixed(0)} s`);

  const started = new Date();
  const results: ReliabilityRow[][] = selected.map(() => []);
  const runScenario = async (scenario: Scenario, index: number) => {
    log(`${scenario.name}…`);
    const t0 = performance.now();
    const workDir = path.join(work, scenario.name);
    mkdirSync(workDir, { recursive: true });
    try {
      results[index] = await scenario.run({ mode, workDir, log });
    } catch (error) {
      log(`${scenario.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      results[index] = [failedRow(scenario, error)];
    }
    log(`${scenario.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  };
  const beside: Promise<void>[] = [];
  try {
    for (const [index, scenario] of selected.entries()) {
      if (scenario.measuresLatency) await Promise.all(beside.splice(0));
      const running = runScenario(scenario, index);
      if (mode === "ci" && scenario.mostlyWaits) beside.push(running);
      else await running;
    }
    await Promise.all(beside);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const order = { load: 0, faults: 1, hostile: 2, replicas: 3 } as const;
  const rows = results.flat().sort((a, b) => order[a.group] - order[b.group]);
  process.stdout.write(`${textTable(rows)}\n`);
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
  const machine = `${os.cpus().length} cores, Node ${process.version}, ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${load} at the end`;
  const markdown = [
    "# Reliability results",
    "",
    `${started.toISOString()} · ${mode === "full" ? "full" : `--${mode}`} · ${seconds} s · ${machine}`,
    "",
    markdownTable(rows),
    "",
  ].join("\n");
  mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench-results", REPORT_FILE[mode]), markdown);
  const failures = rows.filter(failed).length;
  const skipped = rows.filter((r) => r.skipped !== undefined).length;
  log(
    `${rows.length - failures - skipped} of ${rows.length} held${skipped ? `, ${skipped} skipped` : ""}${failures ? `, ${failures} FAILED` : ""} in ${seconds} s (${mode}); written to bench-results/${REPORT_FILE[mode]}`,
  );
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reliability: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
