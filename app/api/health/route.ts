import { handle } from "@/lib/api/handler";
import { requestPrincipal } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { httpStatusOf, publicStatus } from "@/lib/health/public-status";
import { hostOf } from "@/lib/gateway/errors";
import { readRejectedRuns, readSyncState } from "@/lib/store/sync-state";
import { getSyncManager } from "@/lib/sync/sync-manager";

export const dynamic = "force-dynamic";

const GATEWAY_ERRORS = new Set(["auth_rejected", "bad_request", "upstream_unavailable", "bad_data"]);

/**
 * GET /api/health: `{"status": "ok" | "degraded" | "down"}` (200, 200, 503) for anyone, which
 * is what a load balancer needs, computed at most once a second. An admin also gets the
 * details: the store, the sync and the gateway (names the Domino host, never the key).
 */
export const GET = handle({ access: "public" }, async (request) => {
  let admin = false;
  try {
    admin = (await requestPrincipal(request)).kind === "admin";
  } catch {
    admin = false;
  }
  if (!admin) {
    const status = await publicStatus(async () => {
      const manager = await getSyncManager();
      return (await manager.status()).lastError ? "degraded" : "ok";
    });
    return Response.json({ status }, { status: httpStatusOf(status), headers: { "Cache-Control": "no-store" } });
  }
  return details();
});

async function details(): Promise<Response> {
  const settings = env();
  const mode = settings.demo ? "demo" : "domino";
  const host = settings.demo || !settings.DOMINO_API_HOST ? "built-in simulator" : hostOf(settings.DOMINO_API_HOST);
  let manager;
  try {
    manager = await getSyncManager();
  } catch {
    return Response.json(
      { status: "down", mode, store: { ok: false, message: "The store cannot be opened; the server log has the details." }, gateway: { mode, host, lastError: null } },
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
}
