import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { DATA_START_MS, simulatedRun, totalVisibleRuns, type DatasetSpec } from "../../lib/gateway/simulator/index";
import type { Faults } from "./faults";
import { ROOT } from "./processes";

export { GATEWAY_KEY, type Faults } from "./faults";

/** The misbehaving gateway (gateway-process.ts) in its own process, and its remote control. */
export interface Gateway {
  url: string;
  spec: DatasetSpec;
  pid: number;
  setFaults(faults: Faults): Promise<void>;
  /** Moves the simulated clock to `at` (epoch ms), then on at `speed` simulated ms per real ms. */
  setClock(at: number, speed?: number): Promise<void>;
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Fixed, so a cached store and the gateway agree on every run across runs of the suite. */
export const ANCHOR_MS = Date.UTC(2026, 10, 1);

export async function startGateway(options: { runs: number; seed?: number; clockMs?: number; prebuild?: boolean }): Promise<Gateway> {
  const args = [
    "--conditions=react-server",
    "--import",
    "tsx",
    path.join(ROOT, "scripts/reliability/gateway-process.ts"),
    "--runs",
    String(options.runs),
    "--seed",
    String(options.seed ?? 42),
    "--anchor",
    String(ANCHOR_MS),
    "--clock",
    String(options.clockMs ?? ANCHOR_MS),
    ...(options.prebuild ? ["--prebuild"] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const lines: Interface = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  lines.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      waiters.push(resolve);
      void exited.then(() => reject(new Error(`the gateway process exited: ${stderr.trim().slice(-500)}`)));
    });
  const first = await nextLine();
  const url = /^listening on (\S+)/.exec(first)?.[1];
  if (!url) throw new Error(`unexpected first line from the gateway process: ${first}`);
  const spec = JSON.parse((await nextLine()).replace(/^spec /, "")) as DatasetSpec;
  // One command at a time: each waits for its own answer line.
  let chain: Promise<unknown> = Promise.resolve();
  const send = (command: object) => {
    const result = chain.then(() => {
      child.stdin!.write(`${JSON.stringify(command)}\n`);
      return nextLine();
    });
    chain = result.catch(() => {});
    return result;
  };
  return {
    url,
    spec,
    pid: child.pid!,
    setFaults: async (faults) => void (await send({ faults })),
    setClock: async (at, speed = 0) => void (await send({ clock: { at, speed } })),
    stats: async () => JSON.parse((await send({ stats: true })).replace(/^stats /, "")) as Record<string, number>,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The simulated moment at which `count` runs are visible (the clock just after run count-1 was queued). */
export function momentWithRuns(spec: DatasetSpec, count: number): number {
  let lo = DATA_START_MS;
  let hi = spec.anchorMs;
  if (count >= spec.runs) return spec.anchorMs;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (totalVisibleRuns(spec, mid) >= count) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The runIds the gateway shows at `nowMs`. */
export function expectedRunIds(spec: DatasetSpec, nowMs: number): Set<string> {
  const ids = new Set<string>();
  const visible = totalVisibleRuns(spec, nowMs);
  for (let i = 0; i < visible; i++) {
    const run = simulatedRun(i, spec, nowMs);
    if (run) ids.add(run.runId);
  }
  return ids;
}
