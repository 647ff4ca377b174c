import { ApiError, fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/audit-log";
import { clientAddress } from "@/lib/auth/client-address";
import { authConfig } from "@/lib/auth/config";
import type { Role } from "@/lib/auth/roles";
import { safeNext } from "@/lib/auth/safe-next";
import { cookieAttributes, isHttps, SESSION_COOKIE, signSessionToken } from "@/lib/auth/session";
import { startSession } from "@/lib/auth/sessions";
import { SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { signInBody } from "@/lib/contract/requests";

export const dynamic = "force-dynamic";

const holder = globalThis as unknown as { __runledgerSignInThrottle?: SignInThrottle };
const throttle = (holder.__runledgerSignInThrottle ??= new SignInThrottle());

/**
 * Signs in with the admin password, or the viewers' one when set: a new session (a new id
 * every time) in the store, its signed id in the cookie. A form post is redirected, a JSON
 * post answered in JSON. Every attempt is audited with the client's address.
 */
export const POST = handle({ access: "public" }, async (request) => {
  const config = authConfig();
  if (config.mode !== "password") {
    throw new ApiError("not_found", `signing in with a password is off: AUTH_MODE is ${config.mode}`);
  }
  const form = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const raw = form ? Object.fromEntries(new URLSearchParams(await request.text())) : await request.json().catch(() => null);
  const parsed = signInBody.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);

  const client = clientAddress(request.headers, config.trustedProxies);
  const wait = throttle.waitMs(client);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    await recordAudit({ action: "sign-in", outcome: "refused", address: client, detail: "too many failed sign-ins" });
    throw new ApiError("too_many_requests", `too many failed sign-ins; try again in ${seconds} s`, undefined, { headers: { "Retry-After": String(seconds) } });
  }
  const role: Role | null = config.verifyPassword(parsed.data.password) ? "admin" : config.verifyViewerPassword(parsed.data.password) ? "viewer" : null;
  if (role === null) {
    throttle.failure(client);
    await recordAudit({ action: "sign-in", outcome: "failed", address: client, detail: "wrong password" });
    if (form) return redirect(`/sign-in?failed=1&next=${encodeURIComponent(safeNext(parsed.data.next))}`);
    throw new ApiError("unauthorized", "the password is not right");
  }
  throttle.success(client);
  const { token, row } = await startSession({ user: role, role, address: client }, { ttlMs: config.sessionTtlMs, idleMs: config.sessionIdleMs });
  await recordAudit({ action: "sign-in", outcome: "ok", user: role, role, address: client, target: `session ${row.id.slice(0, 12)}` });
  const cookie = `${SESSION_COOKIE}=${signSessionToken(config.secret, token)}; ${cookieAttributes(isHttps(request), config.sessionTtlMs / 1000)}`;
  const next = safeNext(parsed.data.next);
  if (form) return redirect(next, cookie);
  return Response.json({ ok: true, next, role, expiresAt: new Date(row.expiresAt).toISOString() }, { headers: { "Set-Cookie": cookie } });
});

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}
