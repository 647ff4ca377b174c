import { handle } from "@/lib/api/handler";
import { cookieAttributes, isHttps, SESSION_COOKIE } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Clears the session cookie; a form post goes on to the sign-in page. */
export const POST = handle(async (request) => {
  const cookie = `${SESSION_COOKIE}=; ${cookieAttributes(isHttps(request), 0)}`;
  const form = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  if (form) return new Response(null, { status: 303, headers: { Location: "/sign-in", "Set-Cookie": cookie } });
  return Response.json({ ok: true }, { headers: { "Set-Cookie": cookie } });
});
