import "server-only";
import { env } from "../env";
import type { GatewayConnection } from "./connection";
import { getDemoGateway } from "./demo-gateway";

/** The gateway to sync from: the demo simulator when no Domino host is configured, else Domino. */
export async function getUpstream(): Promise<GatewayConnection> {
  const settings = env();
  if (settings.demo || settings.DOMINO_API_HOST === undefined) return getDemoGateway();
  if (settings.dominoAuth === null) throw new Error("DOMINO_API_HOST is set without a credential");
  return {
    baseUrl: settings.DOMINO_API_HOST.replace(/\/+$/, ""),
    auth: settings.dominoAuth,
    limit: settings.DOMINO_PAGE_LIMIT,
    timeoutMs: settings.DOMINO_TIMEOUT_MS,
  };
}
