import "server-only";
import { open, rename, rm, stat } from "node:fs/promises";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "../env";
import type { GatewayConnection } from "./connection";
import { GatewayError } from "./errors";
import { cutoffAfter, exportRuns, type ExportFormat } from "./export";
import { createProgressBar } from "./export-progress";
import type { RetryPolicy } from "./retry";

/**
 * `npm run export`: the command-line front of exportRuns. Settings come from flags first,
 * then the same environment variables the dashboard reads. Exit codes: 0 done, 1 the gateway
 * failed (rejected key, unreachable host, bad data), 2 the command line is wrong.
 */

export const EXPORT_USAGE = `Usage: npm run export -- [options]

Writes every run from the oldest (or --from-batch) up to --until as CSV with the gateway's
column names, or as JSON lines.

  --until YYYY-MM-DD   last day to include (UTC, by start time, else queue time); default: all
  --out FILE           where to write; default: standard output
  --format csv|jsonl   default: csv
  --from-batch ID      start at this batchId (inclusive) instead of the oldest run
  --limit N            runs per request (the gateway's limit, 1-10000); default: DOMINO_PAGE_LIMIT or 1000
  --host URL           Domino's address; default: DOMINO_API_HOST
  --key KEY            an admin's API key; default: DOMINO_USER_API_KEY, else DOMINO_TOKEN(_FILE) as a bearer token
  --help               this text
`;

export interface CommandIo {
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Retry policy override, for tests. */
  retry?: Partial<RetryPolicy>;
}

interface ExportArgs {
  until: string | null;
  out: string | null;
  format: ExportFormat;
  fromBatch: string | null;
  limit: string | null;
  host: string | null;
  key: string | null;
}

class UsageError extends Error {}

function parseExportArgs(argv: string[]): ExportArgs | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        until: { type: "string" },
        out: { type: "string" },
        format: { type: "string" },
        "from-batch": { type: "string" },
        limit: { type: "string" },
        host: { type: "string" },
        key: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  if (values.help) return "help";
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "jsonl") throw new UsageError(`--format must be csv or jsonl, got "${format}"`);
  if (values.until !== undefined && cutoffAfter(values.until) === null) {
    throw new UsageError(`--until must be a date as YYYY-MM-DD, got "${values.until}"`);
  }
  if (values["from-batch"] !== undefined && values["from-batch"].trim() === "") throw new UsageError("--from-batch is empty");
  return {
    until: values.until ?? null,
    out: values.out ?? null,
    format,
    fromBatch: values["from-batch"] ?? null,
    limit: values.limit ?? null,
    host: values.host ?? null,
    key: values.key ?? null,
  };
}

/** The connection from flags over environment, validated by the dashboard's own settings schema. */
function connectionFrom(args: ExportArgs, env: Record<string, string | undefined>): GatewayConnection {
  let host = args.host ?? env.DOMINO_API_HOST;
  if (host && !/^[a-z]+:\/\//i.test(host)) host = `https://${host}`;
  if (!host) throw new UsageError("no Domino host: pass --host or set DOMINO_API_HOST");
  let settings;
  try {
    settings = parseEnv({
      ...env,
      DOMINO_API_HOST: host,
      ...(args.key !== null ? { DOMINO_USER_API_KEY: args.key } : {}),
      ...(args.limit !== null ? { DOMINO_PAGE_LIMIT: args.limit } : {}),
    });
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    const flag = { DOMINO_API_HOST: "--host", DOMINO_PAGE_LIMIT: "--limit", DOMINO_USER_API_KEY: "--key" }[error.variable];
    const message = error.message.replace(/^Invalid environment variable /, "");
    throw new UsageError(flag ? `${flag} / ${message}` : message);
  }
  if (settings.dominoAuth === null) throw new UsageError("no key: pass --key or set DOMINO_USER_API_KEY");
  return { baseUrl: host, auth: settings.dominoAuth, limit: settings.DOMINO_PAGE_LIMIT, timeoutMs: settings.DOMINO_TIMEOUT_MS };
}

async function isSpecialFile(file: string): Promise<boolean> {
  try {
    return !(await stat(file)).isFile();
  } catch {
    return false;
  }
}

function describeTarget(out: string | null): string {
  return out === null ? "standard output" : out;
}

export async function runExportCommand(argv: string[], io: CommandIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  let args: ExportArgs | "help";
  let conn: GatewayConnection;
  try {
    args = parseExportArgs(argv);
    if (args === "help") {
      io.stdout.write(EXPORT_USAGE);
      return 0;
    }
    conn = connectionFrom(args, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`export: ${error.message}`);
    say("Run `npm run export -- --help` for the options.");
    return 2;
  }

  // A file is written beside its final name and renamed at the end, so a failed export never
  // leaves a plausible-looking but incomplete CSV behind. Devices and pipes (/dev/null, a
  // FIFO) are written directly.
  const direct = args.out !== null && (await isSpecialFile(args.out));
  const partial = args.out === null || direct ? null : `${args.out}.partial`;
  let output: Writable = io.stdout;
  if (args.out !== null) {
    try {
      output = (await open(partial ?? args.out, "w")).createWriteStream();
    } catch (error) {
      say(`export: cannot write ${args.out}: ${(error as Error).message}`);
      return 1;
    }
  }
  const endMs = args.until !== null ? Date.parse(cutoffAfter(args.until)!) : Date.now();
  const bar = io.stderr.isTTY ? createProgressBar(io.stderr, endMs) : null;
  const started = Date.now();
  try {
    const summary = await exportRuns({
      conn,
      until: args.until,
      fromBatch: args.fromBatch,
      format: args.format,
      output,
      ...(io.retry ? { retry: io.retry } : {}),
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      // On a terminal, say why it is waiting; in a pipe or a log, only the outcome counts.
      ...(bar
        ? {
            onRetry: (info) => {
              if (info.attempt < 2) return;
              bar.done();
              say(`export: ${info.reason} from the gateway, trying again in ${(info.delayMs / 1000).toFixed(1)} s`);
            },
          }
        : {}),
    });
    if (args.out !== null) {
      output.end();
      await finished(output);
      if (partial !== null) await rename(partial, args.out);
    }
    bar?.done();
    const seconds = (Date.now() - started) / 1000;
    say(
      `export: ${summary.runs.toLocaleString("en-US")} runs from ${summary.pages.toLocaleString("en-US")} pages written to ${describeTarget(args.out)} in ${seconds.toFixed(1)} s`,
    );
    if (summary.rejected > 0) {
      const examples = summary.rejectedExamples.map((r) => `${r.runId ?? "(no runId)"}: ${r.reason}`).join("; ");
      say(`export: ${summary.rejected.toLocaleString("en-US")} runs could not be read and were left out, e.g. ${examples}`);
    }
    return 0;
  } catch (error) {
    bar?.done();
    if (args.out !== null) output.destroy();
    if (partial !== null) await rm(partial, { force: true });
    if (error instanceof GatewayError) {
      const hint =
        error.code === "auth_rejected"
          ? " Check the key: the export needs an admin's API key (--key or DOMINO_USER_API_KEY)."
          : error.code === "upstream_unavailable"
            ? " Check --host / DOMINO_API_HOST and that Domino is up."
            : "";
      say(`export: ${error.message}.${hint}`);
      return 1;
    }
    if ((error as { code?: string }).code === "EPIPE") return 0; // The reader (e.g. `head`) has had enough.
    say(`export: ${(error as Error).message}`);
    return 1;
  }
}
