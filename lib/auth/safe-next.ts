/**
 * Where to go after signing in: only a path on this site, never another origin.
 * Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
 * "/\t/evil.example" becomes "//evil.example": a path holding any control character
 * (C0, DEL, C1) or a bidirectional override is refused outright (nextProblem), and
 * whatever else is not a plain same-origin path falls back to "/".
 */

// C0 controls, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Why `next` cannot be used at all (a 400 naming it), or null. */
export function nextProblem(next: unknown): string | null {
  if (typeof next !== "string") return null;
  return UNSAFE.test(next) ? "must not contain control characters" : null;
}

export function safeNext(next: unknown): string {
  if (typeof next !== "string" || nextProblem(next) !== null) return "/";
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return "/";
  if (next.length > 4000) return "/";
  // Resolved against a stand-in origin, the path must stay on it; the result is percent-encoded,
  // so it can go into a Location header whatever letters it holds.
  try {
    const url = new URL(next, "http://runledger.invalid");
    if (url.origin !== "http://runledger.invalid") return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}
