import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, expect, test } from "vitest";
import { openStore } from "@/lib/store/db";
import { readSyncState } from "@/lib/store/sync-state";
import { ADMIN_KEY, expectedTotals, startTestSimulator, storeTotals, tempStore } from "./testing/fixtures";

/**
 * Crash safety: a backfill in a child process is killed with SIGKILL at random moments (in the
 * middle of a request, a spool write or a DuckDB commit), restarted each time, and finally let
 * run to its end. The store must then hold exactly the simulator's runs.
 */

const ROOT = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "testing/backfill-child.ts");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

function startChild(dataDir: string, url: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, dataDir, url, ADMIN_KEY, "200", "2"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  const opened = new Promise<void>((resolve) => lines.on("line", (line) => line === "opened" && resolve()));
  const done = new Promise<string | null>((resolve) => lines.on("line", (line) => line.startsWith("done ") && resolve(line)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, opened, done, exited };
}

test("SIGKILL at random moments during a backfill, ten times: the store ends with exactly the simulator's runs", async () => {
  // 200 pages at 60 ms each: at least 12 s of backfill, while ten kills at 0–1.5 s after start-up
  // let it advance about 7.5 s in all, so a fast machine cannot finish before the tenth kill.
  const sim = await startTestSimulator({ runs: 40_000, faults: { latencyMs: 60 } });
  const temp = await tempStore();
  temp.store.close(); // the children own the file; opened again at the end
  try {
    let kills = 0;
    const progress: number[] = [];
    for (let attempt = 0; kills < 10 && attempt < 25; attempt++) {
      const run = startChild(temp.dir, sim.sim.url);
      const first = await Promise.race([run.opened.then(() => "opened" as const), run.exited.then(() => "exited" as const)]);
      if (first === "exited") throw new Error(`the child exited before opening the store: ${(await run.exited).stderr}`);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1500)));
      if (run.child.exitCode === null) {
        run.child.kill("SIGKILL");
        kills++;
      }
      const exit = await run.exited;
      if (exit.signal !== "SIGKILL" && exit.code !== 0) throw new Error(`the child failed: ${exit.stderr}`);
      // Read how far it got, in this process, between children.
      const store = await openStore(path.join(temp.dir, "runledger.duckdb"));
      progress.push((await storeTotals(store)).count);
      store.close();
    }
    expect(kills).toBe(10);
    // Every restart kept what the ones before had committed.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);

    const last = startChild(temp.dir, sim.sim.url);
    expect(await last.done).toMatch(/^done /);
    expect((await last.exited).code).toBe(0);

    const store = await openStore(path.join(temp.dir, "runledger.duckdb"));
    const stored = await storeTotals(store);
    const conn = await store.connect();
    const state = await readSyncState(conn);
    conn.closeSync();
    store.close();
    const expected = expectedTotals(sim.spec, sim.clock.nowMs);
    expect(stored.count).toBe(expected.count);
    expect(stored.ids).toEqual(expected.ids);
    expect(stored.costMicros).toBe(expected.costMicros);
    expect(state.lastError).toBeNull();
    // Killed part way, not before the first page or after the last.
    expect(progress.some((n) => n > 0 && n < expected.count)).toBe(true);
  } finally {
    await sim.close();
    temp.cleanup();
  }
}, 180_000);
