/** How the UI names a budget's scope: "Whole deployment" or "project alice/alpha · tier GPU". */
const NAMES: Record<string, string> = {
  tier: "tier",
  project: "project",
  user: "user",
  owner: "owner",
  runType: "run type",
  status: "status",
  q: "text",
};

export function scopeLabel(scope: string): string {
  const params = new URLSearchParams(scope);
  const parts = new Map<string, string[]>();
  params.forEach((value, key) => parts.set(key, [...(parts.get(key) ?? []), value]));
  if (parts.size === 0) return "Whole deployment";
  return [...parts].map(([key, values]) => `${NAMES[key] ?? key} ${values.join(", ")}`).join(" · ");
}
