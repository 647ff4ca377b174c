/** How to reach a gateway: Domino's, the in-process demo simulator's, or a test server's. */
export interface GatewayConnection {
  /** Base URL without the API path, e.g. https://domino.example.com */
  baseUrl: string;
  auth: { kind: "api-key" | "bearer"; secret: string };
  /** Runs per request (the gateway's `limit`). */
  limit: number;
  /** Timeout of one request, in milliseconds. */
  timeoutMs: number;
}

export const GATEWAY_PATH = "/v4/gateway/runs/getByBatchId";
