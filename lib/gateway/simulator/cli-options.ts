import { parseArgs } from "node:util";
import { FAULT_STATUSES } from "./faults";
import { DEFAULT_ADMIN_KEY, type SimulatorOptions } from "./index";

/** `npm run simulator -- <flags>`: flags → SimulatorOptions, with a message naming a bad flag. */

export const SIMULATOR_USAGE = `Usage: npm run simulator -- [flags]
  --port N               port to listen on (default 8080; 0 picks a free one)
  --host H               address to bind (default 127.0.0.1)
  --runs N               runs queued from 2018-01-01 to the anchor (default 100000)
  --seed N               seed of the simulated deployment (default 42)
  --anchor ISO|ms        the moment --runs is counted to (default: start of this UTC hour)
  --key K                an admin API key (repeatable; default ${DEFAULT_ADMIN_KEY})
  --non-admin-key K      a known key without admin rights: answered 403 (repeatable)
  --latency-ms N         delay before every response
  --failure-rate R       share (0..1) of requests answered with an error status
  --failure-statuses L   comma list from ${FAULT_STATUSES.join(",")} (default all)
  --truncate-rate R      share (0..1) of 200s whose body is cut off
  --retry-after N        seconds in Retry-After on 429 and 503 (default 1)
  --prebuild             pre-build every page of 1000 runs (fast reads, ~0.7 KB of memory a run)`;

export class CliError extends Error {
  /** true for --help: the usage goes to stdout and the exit is clean. */
  constructor(
    message: string,
    readonly isHelp = false,
  ) {
    super(message);
  }
}

export function parseSimulatorArgs(argv: string[]): SimulatorOptions & { port: number } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        runs: { type: "string" },
        seed: { type: "string" },
        anchor: { type: "string" },
        key: { type: "string", multiple: true },
        "non-admin-key": { type: "string", multiple: true },
        "latency-ms": { type: "string" },
        "failure-rate": { type: "string" },
        "failure-statuses": { type: "string" },
        "truncate-rate": { type: "string" },
        "retry-after": { type: "string" },
        prebuild: { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (values.help) throw new CliError(SIMULATOR_USAGE, true);

  const int = (flag: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) throw new CliError(`--${flag} must be an integer from ${min} to ${max}`);
    return n;
  };
  const share = (flag: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === "" || !(n >= 0 && n <= 1)) throw new CliError(`--${flag} must be a number from 0 to 1`);
    return n;
  };

  let anchorMs: number | undefined;
  if (values.anchor !== undefined) {
    anchorMs = /^\d+$/.test(values.anchor) ? Number(values.anchor) : Date.parse(values.anchor);
    if (!Number.isFinite(anchorMs) || anchorMs <= Date.UTC(2018, 0, 1, 1)) {
      throw new CliError("--anchor must be an ISO time or epoch ms after 2018-01-01T01:00Z");
    }
  }
  let failureStatuses: number[] | undefined;
  if (values["failure-statuses"] !== undefined) {
    failureStatuses = values["failure-statuses"].split(",").map((s) => Number(s.trim()));
    if (failureStatuses.some((s) => !(FAULT_STATUSES as readonly number[]).includes(s))) {
      throw new CliError(`--failure-statuses must be a comma list from ${FAULT_STATUSES.join(",")}`);
    }
  }
  const keys = values.key ?? [DEFAULT_ADMIN_KEY];
  if (keys.some((k) => k.trim() === "")) throw new CliError("--key must not be empty");

  return {
    port: int("port", values.port, 8080, 0, 65_535),
    host: values.host ?? "127.0.0.1",
    runs: int("runs", values.runs, 100_000, 0, 50_000_000),
    seed: int("seed", values.seed, 42, 0, 2 ** 31 - 1),
    anchorMs,
    adminKeys: keys,
    nonAdminKeys: values["non-admin-key"] ?? [],
    faults: {
      latencyMs: int("latency-ms", values["latency-ms"], 0, 0, 600_000),
      failureRate: share("failure-rate", values["failure-rate"]),
      failureStatuses,
      truncateRate: share("truncate-rate", values["truncate-rate"]),
      retryAfterSec: int("retry-after", values["retry-after"], 1, 0, 86_400),
    },
    prebuildPages: values.prebuild ?? false,
  };
}
