import { readdirSync } from "node:fs";
import http from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { GET } from "@/app/api/runs.csv/route";
import { noFilters } from "@/lib/contract/filters";
import { openRunsCsv } from "@/lib/csv/runs-stream";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store/db";

/**
 * The runs CSV route handler behind a plain node:http server, in a process of its own, so
 * the benchmark reads it over real HTTP and measures this process's memory alone. It adapts
 * requests the way Next.js does: a Request whose signal aborts when the client goes away,
 * and the Response body piped with backpressure. `GET /__stats` answers this process's
 * baseline and peak RSS since the last call, its CPU time so far and how many CSV temp
 * folders exist. `GET /__variant.csv?writers=1&windowRows=…` is the route's default export
 * with other window options, for side-by-side comparisons.
 */

let peak = process.memoryUsage().rss;
setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20).unref();

const tmp = process.env.TMPDIR ?? "/tmp";

const server = http.createServer(async (req, res) => {
  if (req.url === "/__stats") {
    const rss = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const body = JSON.stringify({ rss, peak: Math.max(peak, rss), cpuS: (cpu.user + cpu.system) / 1e6, tempEntries: readdirSync(tmp).filter((name) => name.startsWith("runledger-csv-")).length });
    peak = rss;
    res.writeHead(200, { "content-type": "application/json" }).end(body);
    return;
  }
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const response =
    req.url?.startsWith("/__variant.csv") ? await variant(req.url, controller.signal) : await GET(new Request(`http://localhost${req.url}`, { signal: controller.signal }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return res.end();
  Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)
    .on("error", () => res.destroy())
    .pipe(res);
});

async function variant(url: string, signal: AbortSignal): Promise<Response> {
  const search = new URL(url, "http://localhost").searchParams;
  const option = (name: string) => (search.has(name) ? Number(search.get(name)) : undefined);
  const settings = env();
  const store = await getStore(settings.DATA_DIR);
  const query = { filters: noFilters(), sort: "startedAt", dir: "desc", timeZone: settings.RUNLEDGER_TIMEZONE, bom: false } as const;
  const { plan, body } = await openRunsCsv(store, query, { writers: option("writers"), windowRows: option("windowRows"), firstWindowRows: option("firstWindowRows"), signal });
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "x-runledger-row-count": String(plan.rowCount) } });
}

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
