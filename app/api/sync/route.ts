import { ApiError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { syncBody } from "@/lib/contract/requests";
import { getSyncManager } from "@/lib/sync/sync-manager";

export const dynamic = "force-dynamic";

/** GET /api/sync: where the sync stands (running, progress, data as of, last error). */
export const GET = handle({ access: "viewer" }, async () => {
  const manager = await getSyncManager();
  return Response.json(await manager.status());
});

/**
 * POST /api/sync, optional body `{"full": true}` for a full re-sync: 202 when a sync started,
 * 200 when one was already running (the request joins it).
 */
export const POST = handle({ access: "admin" }, async (request: Request) => {
  const admin = await requireAdmin(request);
  const text = await request.text();
  let input: unknown = {};
  if (text.trim() !== "") {
    try {
      input = JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", 'the body must be JSON such as {"full": true}, or empty');
    }
  }
  const { full } = syncBody.parse(input);
  const manager = await getSyncManager();
  const { started } = manager.request({ full: full === true });
  await recordAudit({
    action: full === true ? "full-resync" : "sync",
    outcome: "ok",
    ...actorOf(request, admin),
    detail: started ? "started" : "joined the sync already running",
  });
  const status = await manager.status();
  return Response.json({ started, ...status }, { status: started ? 202 : 200 });
});
