import { handle } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { hostOf } from "@/lib/gateway/errors";
import { readRejectedRuns, readSyncState } from "@/lib/store/sync-state";
import { getSyncManager } from "@/lib/sync/sync-manager";

export const dynamic = "force-dynamic";

const GATEWAY_ERRORS = new Set(["auth_rejected", "bad_request", "upstream_unavailable", "bad_data"]);

/**
 * GET /api/health: whether the server, the store and the gateway are in order, for operators
 * and probes. Names the Domino host, never the key.
 */
export const GET = handle(async () => {
  const settings = env();
  const mode = settings.demo ? "demo" : "domino";
  const host = settings.demo || !settings.DOMINO_API_HOST ? "built-in simulator" : hostOf(settings.DOMINO_API_HOST);
  let manager;
  try {
    manager = await getSyncManager();
  } catch {
    return Response.json(
      { status: "degraded", mode, store: { ok: false, message: "The store cannot be opened; the server log has the details." }, gateway: { mode, host, lastError: null } },
      { status: 503 },
    );
  }
  const status = await manager.status();
  const conn = await manager.store.connect();
  let state;
  let rejectedSample;
  try {
    state = await readSyncState(conn);
    rejectedSample = await readRejectedRuns(conn, 20);
  } finally {
    conn.closeSync();
  }
  const gatewayError = status.lastError && GATEWAY_ERRORS.has(status.lastError.code) ? status.lastError : null;
  return Response.json({
    status: status.lastError ? "degraded" : "ok",
    mode,
    store: {
      ok: true,
      runCount: status.runCount,
      dataAsOf: status.dataAsOf,
      dataVersion: status.dataVersion,
      rejectedRuns: status.rejectedRuns,
      rejectedSample,
    },
    sync: {
      running: status.running,
      kind: status.kind,
      progress: status.progress,
      lastAttemptAt: state.lastAttemptAt,
      lastSync: state.lastSync,
      lastError: status.lastError,
      intervalMinutes: settings.SYNC_INTERVAL,
    },
    gateway: { mode, host, lastError: gatewayError },
  });
});
