import { handle } from "@/lib/api/handler";
import { authConfig } from "@/lib/auth/config";
import { requireAdmin } from "@/lib/auth/guard";
import { listOpenSessions } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** GET /api/sessions: the sessions open now (password mode), most recently seen first; admins only. */
export const GET = handle({ access: "admin" }, async (request) => {
  const admin = await requireAdmin(request);
  const rows = await listOpenSessions(authConfig().sessionIdleMs);
  const iso = (ms: number) => new Date(ms).toISOString();
  const sessions = rows.map((s) => ({
    id: s.id,
    user: s.user,
    role: s.role,
    address: s.address,
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    expiresAt: iso(s.expiresAt),
    current: s.id === admin.session,
  }));
  return Response.json({ sessions, idleMinutes: authConfig().sessionIdleMs / 60_000 }, { headers: { "Cache-Control": "private, no-store" } });
});
