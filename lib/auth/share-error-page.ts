/** A small self-contained page for refused links: no data, no scripts, the reason in words. */

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function errorPageHtml(title: string, message: string, status: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escape(title)} · Runledger</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#111827;background:#f9fafb}
main{max-width:32rem;padding:2rem;border:1px solid #e5e7eb;border-radius:.75rem;background:#fff}
h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#4b5563;line-height:1.5}small{color:#9ca3af}
@media (prefers-color-scheme:dark){body{background:#111827;color:#f9fafb}main{background:#1f2937;border-color:#374151}p{color:#d1d5db}}</style>
</head><body><main data-testid="access-refused" data-status="${status}"><h1>${escape(title)}</h1><p>${escape(message)}</p><small>Runledger · HTTP ${status}</small></main></body></html>`;
}

export function errorPageResponse(title: string, message: string, status: number, headers?: HeadersInit): Response {
  const response = new Response(errorPageHtml(title, message, status), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
  for (const [k, v] of new Headers(headers)) response.headers.append(k, v);
  return response;
}
