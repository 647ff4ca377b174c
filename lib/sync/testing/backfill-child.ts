import path from "node:path";
import { openStore } from "@/lib/store/db";
import { runSync } from "@/lib/sync/run-sync";
import { FAST_RETRY } from "./fixtures";

/**
 * A sync in a process of its own, for the crash test to SIGKILL at random moments:
 * `backfill-child.ts DATA_DIR GATEWAY_URL KEY LIMIT BATCH_PAGES`. Prints `opened` once the
 * store is open (and its WAL replayed), `done {…}` at the end.
 */
async function main(): Promise<void> {
  const [dataDir, url, key, limit, batchPages] = process.argv.slice(2);
  if (!dataDir || !url || !key) throw new Error("usage: backfill-child.ts DATA_DIR GATEWAY_URL KEY [LIMIT] [BATCH_PAGES]");
  const store = await openStore(path.join(dataDir, "runledger.duckdb"));
  process.stdout.write("opened\n");
  const summary = await runSync({
    store,
    gateway: { baseUrl: url, auth: { kind: "api-key", secret: key }, limit: Number(limit ?? 200), timeoutMs: 10_000 },
    spoolDir: path.join(dataDir, "spool"),
    batchPages: Number(batchPages ?? 3),
    fetchOptions: { retry: FAST_RETRY },
    onProgress: (_kind, progress) => process.stdout.write(`stored ${progress.runsStored}\n`),
  });
  store.close();
  process.stdout.write(`done ${JSON.stringify({ kind: summary.kind, runsStored: summary.runsStored, pages: summary.pages })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
