import http from "node:http";
import { createInterface } from "node:readline";
import { request } from "undici";
import { startSimulator } from "../../lib/gateway/simulator/index";
import { unit } from "../../lib/gateway/simulator/random";
import { GATEWAY_KEY, type Faults } from "./faults";

/**
 * A misbehaving Domino gateway, in a process of its own: the simulator, behind a front that
 * can be down (connection refused), answer an error status, answer slowly, cut bodies short,
 * send bodies that are not JSON, or leave a field out of one run. Which request is hit is a
 * pure function of the seed and the request number, so a run of the suite is reproducible.
 *
 * Controlled over stdin, one JSON command a line, each answered by one line on stdout:
 *   {"faults": {...Faults}}       → ok
 *   {"clock": {"at": ms, "speed": x}} → ok (the simulated now: at + elapsed × speed)
 *   {"stats": true}               → stats {"requests": n, ...}
 * The first lines are `listening on URL` and `spec {...}`.
 */

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};

async function main(): Promise<void> {
  const runs = Number(arg("runs", "20000"));
  const seed = Number(arg("seed", "42"));
  const anchorMs = Number(arg("anchor", String(Date.UTC(2026, 10, 1))));
  let clock = { at: Number(arg("clock", String(anchorMs))), speed: 0, since: Date.now() };
  const now = () => clock.at + (Date.now() - clock.since) * clock.speed;
  const simulator = await startSimulator({
    runs,
    seed,
    anchorMs,
    now,
    adminKeys: [GATEWAY_KEY],
    prebuildPages: process.argv.includes("--prebuild"),
  });

  let faults: Faults = {};
  let n = 0;
  const stats = { requests: 0, refusedWhileDown: 0, statusFaults: 0, truncated: 0, malformed: 0, fieldDropped: 0 };

  const front = http.createServer(async (req, res) => {
    const i = n++;
    stats.requests++;
    try {
      const f = faults;
      if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.status) {
        stats.statusFaults++;
        res.writeHead(f.status, { "content-type": "application/json" }).end(JSON.stringify({ message: `simulated HTTP ${f.status}` }));
        return;
      }
      const upstream = await request(`${simulator.url}${req.url ?? "/"}`, {
        headers: { "x-domino-api-key": String(req.headers["x-domino-api-key"] ?? ""), authorization: String(req.headers.authorization ?? "") },
      });
      let body = Buffer.from(await upstream.body.arrayBuffer());
      const type = String(upstream.headers["content-type"] ?? "application/json");
      if (upstream.statusCode === 200) {
        if (f.dropField && body.includes(f.dropField.runId)) {
          const page = JSON.parse(body.toString("utf8")) as { runs: Record<string, unknown>[] };
          for (const run of page.runs) if (run.runId === f.dropField.runId) delete run[f.dropField.field];
          body = Buffer.from(JSON.stringify(page));
          stats.fieldDropped++;
        }
        if (f.malformedRate && unit(seed, i, 0xbad1) < f.malformedRate) {
          stats.malformed++;
          if (i % 2 === 0) {
            res.writeHead(200, { "content-type": "application/json" }).end("<html><body>502 Bad Gateway</body></html>");
          } else {
            // A stray byte inside the runs array: the frame looks right, the JSON is not.
            const at = Math.max(10, Math.floor(body.length / 2));
            res.writeHead(200, { "content-type": type }).end(Buffer.concat([body.subarray(0, at), Buffer.from("\u0000}{"), body.subarray(at)]));
          }
          return;
        }
        if (f.truncateRate && unit(seed, i, 0xbad2) < f.truncateRate) {
          stats.truncated++;
          res.writeHead(200, { "content-type": type, "content-length": String(body.length) });
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
          return;
        }
      }
      res.writeHead(upstream.statusCode, { "content-type": type }).end(body);
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: String(error) }));
    }
  });
  const port = await new Promise<number>((resolve) => {
    front.listen(Number(arg("port", "0")), "127.0.0.1", () => resolve((front.address() as { port: number }).port));
  });
  const setDown = async (down: boolean) => {
    if (down && front.listening) {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      });
    } else if (!down && !front.listening) {
      await new Promise<void>((resolve) => front.listen(port, "127.0.0.1", () => resolve()));
    }
  };

  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
  process.stdout.write(`spec ${JSON.stringify(simulator.spec)}\n`);

  const lines = createInterface({ input: process.stdin });
  lines.on("line", async (line) => {
    const command = JSON.parse(line) as { faults?: Faults; clock?: { at: number; speed?: number }; stats?: boolean };
    if (command.faults) {
      faults = command.faults;
      await setDown(faults.down === true);
      process.stdout.write("ok\n");
    } else if (command.clock) {
      clock = { at: command.clock.at, speed: command.clock.speed ?? 0, since: Date.now() };
      process.stdout.write("ok\n");
    } else {
      process.stdout.write(`stats ${JSON.stringify({ ...stats, nowMs: now() })}\n`);
    }
  });
  lines.on("close", () => process.exit(0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway process: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
