import { z } from "zod";
import { ApiError, fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { clientAddress } from "@/lib/auth/client-address";
import { authConfig } from "@/lib/auth/config";
import { safeNext } from "@/lib/auth/safe-next";
import { cookieAttributes, createSession, isHttps, SESSION_COOKIE } from "@/lib/auth/session";
import { SignInThrottle } from "@/lib/auth/sign-in-throttle";

export const dynamic = "force-dynamic";

const body = z.object({
  password: z.string().min(1, { message: "enter the password" }).max(1024, { message: "is too long" }),
  next: z.string().max(4000).optional(),
});

const holder = globalThis as unknown as { __runledgerSignInThrottle?: SignInThrottle };
const throttle = (holder.__runledgerSignInThrottle ??= new SignInThrottle());

/** The admin signs in with the password; a form post is redirected, a JSON post answered in JSON. */
export const POST = handle(async (request) => {
  const config = authConfig();
  if (config.mode !== "password") {
    throw new ApiError("not_found", `signing in with a password is off: AUTH_MODE is ${config.mode}`);
  }
  const form = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const raw = form ? Object.fromEntries(new URLSearchParams(await request.text())) : await request.json().catch(() => null);
  const parsed = body.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error);

  const client = clientAddress(request.headers, config.trustedProxies);
  const wait = throttle.waitMs(client);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return Response.json(
      { error: { code: "too_many_requests", message: `too many failed sign-ins; try again in ${seconds} s` } },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  if (!config.verifyPassword(parsed.data.password)) {
    throttle.failure(client);
    if (form) return redirect(`/sign-in?failed=1&next=${encodeURIComponent(safeNext(parsed.data.next))}`);
    throw new ApiError("unauthorized", "the password is not right");
  }
  throttle.success(client);
  const session = createSession(config.secret, "admin", config.sessionTtlMs);
  const cookie = `${SESSION_COOKIE}=${session.value}; ${cookieAttributes(isHttps(request), config.sessionTtlMs / 1000)}`;
  const next = safeNext(parsed.data.next);
  if (form) return redirect(next, cookie);
  return Response.json({ ok: true, next, expiresAt: new Date(session.exp).toISOString() }, { headers: { "Set-Cookie": cookie } });
});

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}
