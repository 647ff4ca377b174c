import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ANCHOR_MS, GATEWAY_KEY, startGateway } from "./gateway";
import { syncStatus, waitFor } from "./http";
import { startApp } from "./processes";

/**
 * A store holding every run of a large simulated deployment, made once by the app's own
 * backfill (the gateway at its anchor, seed 42) and kept under the system's temp folder, so
 * the load and CSV scenarios start from a full store without paying for the backfill each run.
 * Each scenario works on a copy.
 */

export const CACHE_SEED = 42;

/** The store the load scenario works on (and the store faults damage a copy of), per mode. */
export const LOAD_STORE_RUNS = { full: 1_000_000, quick: 50_000, ci: 20_000 } as const;

function cacheDir(runs: number): string {
  return path.join(os.tmpdir(), `runledger-reliability-store-${runs}-s${CACHE_SEED}-a${ANCHOR_MS}`);
}

/** Copies the cached store of `runs` runs into `dataDir`, building it first when there is none. */
export async function copyCachedStore(runs: number, dataDir: string, log: (m: string) => void): Promise<{ builtSeconds: number | null }> {
  const dir = cacheDir(runs);
  let builtSeconds: number | null = null;
  if (!existsSync(path.join(dir, "complete"))) {
    const started = performance.now();
    // Built aside and renamed into place, so a suite run from another checkout at the same
    // time never sees (or removes) a half-built store.
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    log(`building a store of ${runs.toLocaleString("en-US")} runs through the app's backfill (once) in ${dir}`);
    const gateway = await startGateway({ runs, seed: CACHE_SEED, prebuild: true });
    const app = await startApp({ dataDir: path.join(building, "data"), gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY });
    try {
      const done = await waitFor("the backfill", 30 * 60_000, async () => {
        const s = await syncStatus(app.url);
        return !s.running && s.dataAsOf !== null ? s : undefined;
      }, 1_000);
      if (done.lastError || done.runCount !== runs) throw new Error(`the backfill ended with ${done.runCount} runs: ${JSON.stringify(done.lastError)}`);
    } catch (error) {
      await app.stop();
      rmSync(building, { recursive: true, force: true });
      throw error;
    } finally {
      await app.stop();
      await gateway.stop();
    }
    writeFileSync(path.join(building, "complete"), "");
    if (existsSync(path.join(dir, "complete"))) rmSync(building, { recursive: true, force: true });
    else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
    }
    builtSeconds = (performance.now() - started) / 1000;
  }
  mkdirSync(dataDir, { recursive: true });
  for (const name of readdirSync(path.join(dir, "data"))) {
    if (name === "runledger.duckdb" || name === "runledger.duckdb.wal") cpSync(path.join(dir, "data", name), path.join(dataDir, name));
  }
  return { builtSeconds };
}
