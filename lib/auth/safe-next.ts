/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return "/";
  return next.length > 4000 ? "/" : next;
}
