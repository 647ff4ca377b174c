import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { answer } from "../../lib/analytics/answer";
import { runQuery } from "../../lib/analytics/query";
import { refreshRollups } from "../../lib/analytics/rollups";
import { fillDerivedColumns } from "../../lib/store/derived-columns";
import { evaluateBudgets } from "../../lib/alerts/evaluate";
import { createBudget } from "../../lib/budgets/service";
import { openStore, STORE_FILE_NAME } from "../../lib/store/db";
import { benchStoreDir } from "./csv-store";
import type { Bench, BenchContext, BenchRow } from "./harness";

/**
 * Evaluating 100 budgets after a sync (lib/alerts/evaluate.ts): every budget's actual (the
 * dashboard's totals for its scope and period) and period-end forecast, and the crossings
 * recorded. Scopes: the whole deployment, single projects, tiers, users, owners and run types,
 * and combinations, on the bench store (every run of the bench simulator), rollups fresh.
 */

const TIME_ZONE = "UTC";
const BUDGETS = 100;

export const budgetsEvaluateBench: Bench = {
  name: "budgets-evaluate",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const sim = await context.simulator();
    const source = path.join(await benchStoreDir(sim, context.runs, context.log), STORE_FILE_NAME);
    const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-bench-budgets-"));
    copyFileSync(source, path.join(dir, STORE_FILE_NAME));
    const store = await openStore(path.join(dir, STORE_FILE_NAME));
    try {
      const filler = await store.connect();
      await fillDerivedColumns(filler);
      filler.closeSync();
      await refreshRollups(store, TIME_ZONE, { force: true });
      const keys = await answer(
        "keys",
        "",
        async ({ conn }) => {
          const top = async (column: string, n: number) =>
            (await runQuery(conn, `SELECT ${column} AS k, sum(total_cost_amount) AS c FROM runs GROUP BY 1`))
              .sort((a, b) => Number(b.c) - Number(a.c))
              .slice(0, n)
              .map((r) => String(r.k));
          return {
            project: await top("project_key", 40),
            tier: await top("hardware_tier", 12),
            user: await top("user_name", 25),
            owner: await top("project_owner_name", 10),
            runType: await top("run_type", 5),
          };
        },
        { store, timeZone: TIME_ZONE, noCache: true },
      );
      const scopes: Record<string, string[]>[] = [{}];
      for (const p of keys.project) scopes.push({ project: [p] });
      for (const t of keys.tier) scopes.push({ tier: [t] });
      for (const u of keys.user) scopes.push({ user: [u] });
      for (const o of keys.owner) scopes.push({ owner: [o] });
      for (const r of keys.runType) scopes.push({ runType: [r] });
      for (let i = 0; scopes.length < BUDGETS; i++) scopes.push({ tier: [keys.tier[i % keys.tier.length]!], runType: [keys.runType[i % keys.runType.length]!] });
      const now = Date.now();
      let made = 0;
      for (const [i, scope] of scopes.slice(0, BUDGETS).entries()) {
        const periods = ["month", "month", "quarter", "year"] as const;
        try {
          await createBudget(
            { name: `bench ${i}`, scope, period: periods[i % 4], amount: String(50 + (i % 7) * 300), currency: "USD", channels: [{ type: "webhook", url: "http://127.0.0.1:9/hook" }] },
            "bench",
            { store, timeZone: TIME_ZONE, now },
          );
          made += 1;
        } catch {
          // A combination no run matches is refused, as the API would: skipped.
        }
      }
      context.log(`budgets-evaluate: ${made} budgets`);
      const first = await evaluateBudgets(store, TIME_ZONE, now);
      const samples: number[] = [];
      // CPU time of the process (DuckDB's threads included): on a shared, loaded machine the
      // wall time mostly measures the queue for a core.
      const cpu: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        await evaluateBudgets(store, TIME_ZONE, now);
        const used = process.cpuUsage(c);
        samples.push(performance.now() - t);
        cpu.push((used.user + used.system) / 1000);
      }
      cpu.sort((a, b) => a - b);
      samples.sort((a, b) => a - b);
      const median = samples[Math.floor(samples.length / 2)]!;
      return [
        {
          bench: `budgets-evaluate, ${made} budgets, ${context.runs.toLocaleString("en-US")} runs`,
          variant: "evaluate after a sync (actual + forecast + crossings)",
          figures: {
            "median ms": median.toFixed(0),
            "min ms": samples[0]!.toFixed(0),
            "median CPU ms": cpu[Math.floor(cpu.length / 2)]!.toFixed(0),
            "max ms": samples.at(-1)!.toFixed(0),
            "crossings recorded on the first": String(first.recorded),
            "load avg": os.loadavg()[0]!.toFixed(1),
          },
          target: "< 200 ms at 1,000,000 runs",
          met: context.runs >= 1_000_000 ? median < 200 : undefined,
        },
      ];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
