import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { clientAddress } from "./client-address";
import { authConfig } from "./config";

/** Audits a viewer refused an admin-only action: by the proxy, or by a route's own check. */
export function auditRoleRefused(request: Request, user: string, target: string): Promise<void> {
  return recordAudit({
    action: "role-refused",
    outcome: "refused",
    user,
    role: "viewer",
    address: clientAddress(request.headers, authConfig().trustedProxies),
    target,
  });
}
