/**
 * Headers on every response. Next.js renders small inline scripts (hydration data, the
 * theme script) without nonces unless every page is rendered per request with one, so
 * scripts allow 'self' and 'unsafe-inline' — the "without nonces" policy of Next's CSP
 * guide. Everything else is locked to this origin; nothing may frame the dashboard.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: { dev: boolean; noReferrer: boolean; https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options.dev),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Links carry filters (and /s/ links a token): shared views send no referrer at all.
    "Referrer-Policy": options.noReferrer ? "no-referrer" : "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
