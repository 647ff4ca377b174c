import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openStore, STORE_FILE_NAME } from "@/lib/store/db";
import { runSync } from "@/lib/sync/run-sync";

/**
 * The store the CSV benchmark reads: every run of the bench simulator, built once per size
 * and kept under the system's temp folder for later runs, filled by the dashboard's own sync.
 */

export async function benchStoreDir(
  sim: { url: string; adminKey: string },
  runs: number,
  log: (m: string) => void,
  /** A store of its own for a benchmark that must not share one built by another schema. */
  name = "csv",
): Promise<string> {
  const dir = path.join(os.tmpdir(), `runledger-bench-${name}-${runs}`);
  const file = path.join(dir, STORE_FILE_NAME);
  if (existsSync(path.join(dir, "complete"))) return dir;
  await rm(dir, { recursive: true, force: true });
  const spool = path.join(dir, "spool");
  await mkdir(spool, { recursive: true });
  log(`building a store of ${runs.toLocaleString("en-US")} simulated runs in ${dir} (once)`);
  const store = await openStore(file);
  try {
    await runSync({ store, gateway: { baseUrl: sim.url, auth: { kind: "api-key", secret: sim.adminKey }, limit: 1000, timeoutMs: 60_000 }, spoolDir: spool });
  } finally {
    store.close();
  }
  await rm(spool, { recursive: true, force: true });
  await writeFile(path.join(dir, "complete"), "");
  return dir;
}
