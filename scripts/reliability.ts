import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareApp, ROOT } from "./reliability/processes";
import { markdownTable, textTable, type ReliabilityRow } from "./reliability/report";
import { SCENARIOS } from "./reliability/registry";

/**
 * `npm run test:reliability [-- --quick] [-- --no-build] [-- name …]`: load, faults and hostile
 * input against the built app (one `next build`, then each scenario's servers run from a
 * snapshot of it), one table at the end, the same table in bench-results/reliability.md.
 * `--quick` is the short version CI runs: smaller data, shorter load. Exit code 1 when any
 * scenario did not hold. Progress goes to stderr.
 */

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const build = !args.includes("--no-build");
  const names = args.filter((a) => !a.startsWith("--"));
  const selected = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.some((n) => s.name.includes(n)));
  if (selected.length === 0) {
    process.stderr.write(`no scenario matches ${names.join(", ")}; there are: ${SCENARIOS.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`[reliability] ${message}\n`);
  const work = path.join(os.tmpdir(), `runledger-reliability-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  prepareApp({ build, log });

  const started = new Date();
  const rows: ReliabilityRow[] = [];
  try {
    for (const scenario of selected) {
      log(`${scenario.name}…`);
      const t0 = performance.now();
      const workDir = path.join(work, scenario.name);
      mkdirSync(workDir, { recursive: true });
      try {
        rows.push(...(await scenario.run({ quick, workDir, log })));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${scenario.name} failed: ${message}`);
        rows.push({ group: "faults", scenario: scenario.name, held: false, problem: message.split("\n")[0]!.slice(0, 200), figures: {}, lost: "unknown" });
      }
      log(`${scenario.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const order = { load: 0, faults: 1, hostile: 2 } as const;
  rows.sort((a, b) => order[a.group] - order[b.group]);
  process.stdout.write(`${textTable(rows)}\n`);
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const machine = `${os.cpus().length} cores, Node ${process.version}, ${Math.round(os.totalmem() / 2 ** 30)} GB`;
  const markdown = [
    "# Reliability results",
    "",
    `${started.toISOString()} · ${quick ? "--quick" : "full"} · ${seconds} s · ${machine}`,
    "",
    markdownTable(rows),
    "",
  ].join("\n");
  mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench-results", quick ? "reliability-quick.md" : "reliability.md"), markdown);
  const failed = rows.filter((r) => !r.held).length;
  log(`${rows.length - failed} of ${rows.length} held in ${seconds} s; written to bench-results/${quick ? "reliability-quick.md" : "reliability.md"}`);
  return failed > 0 ? 1 : 0;
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
