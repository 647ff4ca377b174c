import { handle } from "@/lib/api/handler";
import { authConfig } from "@/lib/auth/config";
import { recordAudit } from "@/lib/audit/audit-log";
import { actorOf, requireAdmin } from "@/lib/auth/guard";
import { insertShareLink, listShareLinks, newShareId } from "@/lib/auth/share-links";
import { parseShareRequest } from "@/lib/auth/share-request";
import { signShareToken, type ShareScope } from "@/lib/auth/share-token";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "private, no-store" };

/** Every share link with its state; admins only (the list holds working links). */
export const GET = handle({ access: "admin" }, async (request) => {
  const secret = authConfig().secret;
  const now = Date.now();
  const links = (await listShareLinks()).map((row) => {
    const exp = Date.parse(row.expiresAt);
    const state = row.revokedAt ? "revoked" : exp <= now ? "expired" : "active";
    const scope: ShareScope = { id: row.id, page: row.page, query: row.query, csv: row.csv, exp };
    return { ...row, state, path: state === "active" ? `/s/${signShareToken(secret, scope)}` : null };
  });
  return Response.json({ links }, { headers: NO_STORE });
});

/** Makes a link to a view: `{page, query, expires: "1d"|"7d"|"30d"|"YYYY-MM-DD", csv}`. */
export const POST = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const raw: unknown = await request.json().catch(() => null);
  const share = parseShareRequest(raw, env().RUNLEDGER_TIMEZONE);
  const scope: ShareScope = { id: newShareId(), ...share };
  await insertShareLink(scope, admin.user);
  await recordAudit({
    action: "share-link-created",
    outcome: "ok",
    ...actorOf(request, admin),
    target: `share link ${scope.id}`,
    detail: `${scope.page}${scope.query ? `?${scope.query}` : ""} until ${new Date(scope.exp).toISOString()}${scope.csv ? ", CSV allowed" : ""}`,
  });
  const path = `/s/${signShareToken(authConfig().secret, scope)}`;
  return Response.json(
    { id: scope.id, path, page: scope.page, query: scope.query, csv: scope.csv, expiresAt: new Date(scope.exp).toISOString() },
    { status: 201, headers: NO_STORE },
  );
});
