import type { AddressMatcher } from "./client-address";
import { peerAddress } from "./client-address";

/**
 * Whether a state-changing request comes from the dashboard's own origin. SameSite=Lax stops
 * most cross-site requests, but not those from a sibling subdomain (same site, other origin)
 * nor a `text/plain` POST from one, and Next.js checks the origin of Server Actions only.
 *
 * The rule, in order:
 * 1. GET, HEAD and OPTIONS change nothing: not checked.
 * 2. A request with an API token carries no cookie a browser would add: not checked.
 * 3. Fetch Metadata: `Sec-Fetch-Site` must be `same-origin` (or `none`, a typed URL).
 * 4. Without it, `Origin` must be the dashboard's own origin (RUNLEDGER_PUBLIC_URL when set,
 *    else the request's host; a forwarded host only from AUTH_PROXY_ADDRESSES).
 * 5. Neither header: not a browser (every browser sends Origin on such requests), so nothing a
 *    third-party page could have made; scripts and probes keep working.
 */

export interface OriginSettings {
  /** RUNLEDGER_PUBLIC_URL's origin ("https://runledger.example.com"), or null: the request's host. */
  publicOrigin: string | null;
  trustedProxies: AddressMatcher;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request must be refused, or null when it may go on. */
export function crossOriginProblem(request: Request, settings: OriginSettings): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const headers = request.headers;
  if (headers.has("authorization") || headers.has("x-domino-api-key")) return null;

  const site = headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site) {
    if (site === "same-origin" || site === "none") return null;
    if (site === "same-site") return "cross-origin request refused: it came from another origin of the same site (Sec-Fetch-Site: same-site)";
    if (site === "cross-site") return "cross-origin request refused: it came from another site (Sec-Fetch-Site: cross-site)";
    return `cross-origin request refused: Sec-Fetch-Site "${site.slice(0, 40)}" is not same-origin`;
  }

  const origin = headers.get("origin")?.trim();
  if (origin === undefined || origin === "") return null;
  if (origin === "null") return "cross-origin request refused: the request's Origin is opaque (null)";
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return "cross-origin request refused: the Origin header is not an origin";
  }
  if (settings.publicOrigin !== null) {
    return given.origin === settings.publicOrigin
      ? null
      : `cross-origin request refused: Origin ${given.origin} is not this dashboard's origin (RUNLEDGER_PUBLIC_URL)`;
  }
  const own = ownHost(headers, settings.trustedProxies);
  if (own === null) return "cross-origin request refused: the request names no host to compare its Origin with";
  return given.host === own ? null : `cross-origin request refused: Origin ${given.origin} is not this dashboard's host (${own})`;
}

/** The host the browser used: X-Forwarded-Host from a trusted proxy, else Host. */
export function ownHost(headers: Headers, trustedProxies: AddressMatcher): string | null {
  const peer = peerAddress(headers);
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded && peer !== null && trustedProxies(peer)) return normaliseHost(forwarded);
  const host = headers.get("host")?.trim();
  return host ? normaliseHost(host) : null;
}

/** "Example.COM:80" and "example.com" compare equal, as URL.host does for http. */
function normaliseHost(host: string): string | null {
  try {
    return new URL(`http://${host}`).host;
  } catch {
    return null;
  }
}

/** The origin of RUNLEDGER_PUBLIC_URL, or null when unset. */
export function publicOriginOf(url: string | undefined): string | null {
  return url ? new URL(url).origin : null;
}
