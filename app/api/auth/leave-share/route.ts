import { handle } from "@/lib/api/handler";
import { SHARE_COOKIE } from "@/lib/auth/principal";
import { cookieAttributes, isHttps } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Ends a shared view in this browser: the link's cookie goes, the dashboard's front door follows. */
export const POST = handle({ access: "public" }, async (request) => {
  const cookie = `${SHARE_COOKIE}=; ${cookieAttributes(isHttps(request), 0)}`;
  return new Response(null, { status: 303, headers: { Location: "/", "Set-Cookie": cookie, "Cache-Control": "no-store" } });
});
