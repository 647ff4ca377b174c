import { authConfig } from "@/lib/auth/config";
import { shareProblem } from "@/lib/auth/access";
import { SHARE_COOKIE } from "@/lib/auth/principal";
import { errorPageResponse } from "@/lib/auth/share-error-page";
import { shareLinkState } from "@/lib/auth/share-links";
import { verifyShareToken } from "@/lib/auth/share-token";
import { cookieAttributes, isHttps } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * Opening a share link: the token goes into an HttpOnly cookie (so it leaves the address
 * bar and is never sent as a Referer) and the browser moves on to the view it names. Every
 * request of that view then carries the cookie, and proxy.ts holds it to the link's scope.
 */
export async function GET(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await context.params;
  const noReferrer = { "Referrer-Policy": "no-referrer" };
  const verdict = verifyShareToken(authConfig().secret, token);
  const problem =
    verdict.status === "tampered"
      ? "share-tampered"
      : verdict.status === "expired"
        ? "share-expired"
        : (await shareLinkState(verdict.scope.id)) === "revoked"
          ? "share-revoked"
          : null;
  if (problem !== null || verdict.status !== "ok") {
    const page = shareProblem(problem ?? "share-tampered")!;
    return errorPageResponse(page.title, page.message, page.status, noReferrer);
  }
  const { scope } = verdict;
  const location = scope.query ? `${scope.page}?${scope.query}` : scope.page;
  return new Response(null, {
    status: 303,
    headers: {
      Location: location,
      "Set-Cookie": `${SHARE_COOKIE}=${token}; ${cookieAttributes(isHttps(request), (scope.exp - Date.now()) / 1000)}`,
      "Cache-Control": "no-store",
      ...noReferrer,
    },
  });
}
