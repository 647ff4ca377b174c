/**
 * The two roles. A viewer browses every page and downloads every CSV; an admin also syncs,
 * makes and revokes share links, sees the audit log and ends sessions.
 */
export type Role = "admin" | "viewer";

export function isRole(value: unknown): value is Role {
  return value === "admin" || value === "viewer";
}

/**
 * Proxy mode: the role of a user the authenticating proxy named. Admin when the name is in
 * AUTH_PROXY_ADMINS or one of the groups (comma-separated, as oauth2-proxy's
 * X-Forwarded-Groups) is in AUTH_PROXY_ADMIN_GROUPS; everyone else is a viewer.
 */
export function proxyRole(user: string, groups: string | null, admins: ReadonlySet<string>, adminGroups: ReadonlySet<string>): Role {
  if (admins.has(user)) return "admin";
  if (groups && adminGroups.size > 0) {
    for (const group of groups.split(",")) if (adminGroups.has(group.trim())) return "admin";
  }
  return "viewer";
}
