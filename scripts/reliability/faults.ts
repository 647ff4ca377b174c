/** What the misbehaving gateway (gateway-process.ts) can be told to do; shared by it and its control. */
export interface Faults {
  /** Connections refused: the front stops listening. */
  down?: boolean;
  /** Every request answered with this status. */
  status?: number;
  latencyMs?: number;
  /** Share of 200s cut half way (Content-Length promises more, then the socket closes). */
  truncateRate?: number;
  /** Share of 200s whose body is not JSON (an HTML page, or a stray byte inside the runs array). */
  malformedRate?: number;
  /** The run with this runId arrives without `field`. */
  dropField?: { runId: string; field: string };
}

/** The admin key the gateway accepts. */
export const GATEWAY_KEY = "reliability-admin-key";
