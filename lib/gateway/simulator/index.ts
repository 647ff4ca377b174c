import { DATA_START_MS } from "./catalog";
import { FaultInjector, type FaultOptions } from "./faults";
import { KeyRing } from "./request";
import { datasetFor, type DatasetSpec, type SimulatedRun } from "./run-at";
import { GatewayServer } from "./server";

/**
 * The Domino gateway simulator: a deterministic, realistic deployment served over real
 * HTTP at /v4/gateway/runs/getByBatchId. Used in-process as the demo gateway, alone as
 * `npm run simulator`, and by tests and benchmarks.
 */

export type { FaultOptions } from "./faults";
export { FAULT_STATUSES } from "./faults";
export type { DatasetSpec, SimulatedRun, SimulatedClusterDetails } from "./run-at";
export { DEFAULT_LIMIT, MAX_LIMIT } from "./request";
export { DATA_START_MS };

/** The admin key that works when none is configured (`npm run simulator` without --key). */
export const DEFAULT_ADMIN_KEY = "demo-admin-key";

export interface SimulatorOptions {
  /** Runs queued between 2018-01-01 and the anchor. */
  runs: number;
  seed: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: the start of the current UTC hour (by `now`) at start-up. */
  anchorMs?: number;
  /** The simulated clock; default Date.now. Runs queued after it are not visible yet. */
  now?: () => number;
  /** Default [DEFAULT_ADMIN_KEY]. */
  adminKeys?: string[];
  /** Keys that are known but not admin: answered 403. */
  nonAdminKeys?: string[];
  faults?: FaultOptions;
  /** Build every settled page of 1000 runs before listening, and serve those bytes as they are. */
  prebuildPages?: boolean;
  /** Default true; false lets the process exit while the simulator still listens (in-process use). */
  keepProcessAlive?: boolean;
}

export interface RunningSimulator {
  /** Base URL without the API path, e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** What the data is computed from (the anchor resolved), for computing expected runs. */
  spec: DatasetSpec;
  setFaults(f: FaultOptions): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const spec: DatasetSpec = {
    runs: options.runs,
    seed: options.seed,
    anchorMs: options.anchorMs ?? Math.floor(now() / HOUR_MS) * HOUR_MS,
  };
  const adminKeys = options.adminKeys ?? [DEFAULT_ADMIN_KEY];
  if (adminKeys.length === 0 || adminKeys.some((k) => k.trim() === "")) throw new RangeError("adminKeys must hold non-empty keys");
  const gateway = new GatewayServer({
    dataset: datasetFor(spec),
    keys: new KeyRing(adminKeys, options.nonAdminKeys ?? []),
    now,
    faults: new FaultInjector(options.seed, options.faults),
    cachePages: options.prebuildPages ?? false,
  });
  if (options.prebuildPages) await gateway.prebuild();
  const host = options.host ?? "127.0.0.1";
  const port = await gateway.listen(options.port ?? 0, host);
  if (options.keepProcessAlive === false) {
    gateway.server.unref();
    gateway.server.on("connection", (socket) => socket.unref());
  }
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    spec,
    setFaults: (f) => gateway.setFaults(f),
    close: () => gateway.close(),
  };
}

/** Run `index` as the simulator serves it at `nowMs` (null if not queued by then). */
export function simulatedRun(index: number, spec: DatasetSpec, nowMs: number = spec.anchorMs): SimulatedRun | null {
  return datasetFor(spec).runAt(index, nowMs);
}

/** The batchId of run `index` (its queued time in ms, as digits). */
export function simulatedBatchId(index: number, spec: DatasetSpec): string {
  return String(datasetFor(spec).batchMs(index));
}

/** How many runs the simulator shows at `nowMs` (those queued by then). */
export function totalVisibleRuns(spec: DatasetSpec, nowMs: number = spec.anchorMs): number {
  return datasetFor(spec).visibleCount(nowMs);
}
