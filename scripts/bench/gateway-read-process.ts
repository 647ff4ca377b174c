import { Writable } from "node:stream";
import { readPages } from "../../lib/gateway/client";
import type { GatewayConnection } from "../../lib/gateway/connection";
import { runExportCommand } from "../../lib/gateway/export-command";

/**
 * One measured read of the whole gateway, in a process of its own so its peak RSS is its own.
 * `client`: readPages with read-ahead; `sequential`: one page at a time; `export`: the export
 * command writing CSV to /dev/null. Prints one JSON line: runs, pages, wall and CPU seconds of
 * the reading (start-up excluded), peak RSS.
 * The gateway comes from DOMINO_API_HOST and DOMINO_USER_API_KEY.
 */

async function main(): Promise<void> {
  const mode = process.argv[2];
  const baseUrl = process.env.DOMINO_API_HOST!;
  const secret = process.env.DOMINO_USER_API_KEY!;
  const conn: GatewayConnection = { baseUrl, auth: { kind: "api-key", secret }, limit: 1000, timeoutMs: 60_000 };
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let runs = 0;
  let pages = 0;
  let rejected = 0;
  if (mode === "client" || mode === "sequential") {
    for await (const page of readPages(conn, { readAhead: mode === "client" })) {
      runs += page.runs.length;
      rejected += page.rejected.length;
      pages++;
    }
  } else if (mode === "export") {
    let summary = "";
    const stderr = new Writable({
      write(chunk: Buffer, _enc, done) {
        summary += chunk.toString();
        done();
      },
    });
    const code = await runExportCommand(["--out", "/dev/null"], { env: process.env, stdout: process.stdout, stderr });
    if (code !== 0) throw new Error(summary.trim());
    const match = /([\d,]+) runs from ([\d,]+) pages/.exec(summary);
    runs = Number(match?.[1]?.replaceAll(",", "") ?? NaN);
    pages = Number(match?.[2]?.replaceAll(",", "") ?? NaN);
  } else {
    throw new Error(`unknown mode ${mode}: client, sequential or export`);
  }
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ runs, pages, rejected, wallS, cpuS, maxRssMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
