import { handle } from "@/lib/api/handler";
import { authConfig } from "@/lib/auth/config";
import { requestPrincipal } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

/** Who the browser is, for the UI: whether to offer Share (admins), show the shared-view banner or sign-out. */
export const GET = handle({ access: "public" }, async (request) => {
  const principal = await requestPrincipal(request);
  const mode = authConfig().mode;
  const base = { mode, kind: principal.kind };
  const body =
    principal.kind === "share"
      ? { ...base, share: { page: principal.scope.page, expiresAt: new Date(principal.scope.exp).toISOString(), csv: principal.scope.csv } }
      : principal.kind === "admin" || principal.kind === "viewer"
        ? { ...base, user: principal.user, canSignOut: principal.via === "session" }
        : base;
  return Response.json(body, { headers: { "Cache-Control": "private, no-store" } });
});
