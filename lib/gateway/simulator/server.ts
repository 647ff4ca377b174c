import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GATEWAY_PATH } from "../connection";
import { FaultInjector, type FaultOptions, type FaultStatus } from "./faults";
import { pageCsv, pageJson, pageSlice, SlabAllocator, type PageSlice } from "./page";
import { DEFAULT_LIMIT, KeyRing, parseQuery, wantsCsv } from "./request";
import type { Dataset } from "./run-at";

/** The gateway endpoint over node:http: auth, parameters, faults, and JSON or CSV pages. */

export interface GatewayServerOptions {
  dataset: Dataset;
  keys: KeyRing;
  now: () => number;
  faults: FaultInjector;
  /** Keep finished pages of the default size, keyed by their first run (pre-built or built once). */
  cachePages: boolean;
}

const JSON_TYPE = "application/json";
const CSV_TYPE = "text/csv; charset=utf-8";

export class GatewayServer {
  readonly server: Server;
  /** Settled JSON pages of DEFAULT_LIMIT runs starting at a multiple of DEFAULT_LIMIT. */
  private readonly pages = new Map<number, { bytes: Buffer; settledMs: number }>();
  /** Pre-built pages live in a few large slabs rather than a thousand separate buffers. */
  private readonly slabs = new SlabAllocator();

  constructor(private readonly options: GatewayServerOptions) {
    this.server = createServer({ keepAlive: true }, (req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Builds every settled page of the default size, from the oldest, so reads cost no computing. */
  async prebuild(): Promise<void> {
    const { dataset, now } = this.options;
    const nowMs = now();
    const visible = dataset.visibleCount(nowMs);
    for (let start = 0; start < visible; start += DEFAULT_LIMIT) {
      this.cachedPage(pageSlice(dataset, start === 0 ? null : String(dataset.batchMs(start)), DEFAULT_LIMIT, nowMs), nowMs);
      // Let the event loop breathe between pages (timers, signals).
      if (start % (DEFAULT_LIMIT * 50) === 0) await new Promise((r) => setImmediate(r));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const { faults } = this.options;
    const action = faults.next();
    const respond = () => {
      if (res.destroyed) return; // the client gave up during the added latency, or the server closed
      try {
        if (action.kind === "status") return this.sendFault(res, action.status);
        this.route(req, res, action.kind === "truncate");
      } catch {
        // Never a stack trace on the wire, as Domino's own 500s carry only a message.
        if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
        else res.destroy();
      }
    };
    if (faults.latencyMs > 0) setTimeout(respond, faults.latencyMs);
    else respond();
  }

  private route(req: IncomingMessage, res: ServerResponse, truncate: boolean): void {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== GATEWAY_PATH) return sendJson(res, 404, { message: `No such endpoint: ${req.method} ${path}` });
    if (req.method !== "GET") {
      res.setHeader("Allow", "GET");
      return sendJson(res, 405, { message: "Only GET is supported on this endpoint" });
    }
    const caller = this.options.keys.identify(req.headers);
    if (caller === "missing") {
      return sendJson(res, 401, { message: "Not signed in: send an API key in X-Domino-Api-Key or Authorization: Bearer" });
    }
    if (caller === "unknown") return sendJson(res, 401, { message: "The API key is not valid" });
    if (caller === "non-admin") return sendJson(res, 403, { message: "Only administrators may export run data" });

    const parsed = parseQuery(q < 0 ? "" : url.slice(q + 1));
    if (!parsed.ok) return sendJson(res, 400, { message: parsed.message });
    const { dataset, now } = this.options;
    const nowMs = now();
    const slice = pageSlice(dataset, parsed.query.batchId, parsed.query.limit, nowMs);
    const csv = wantsCsv(req.headers.accept);
    const body = csv ? pageCsv(dataset, slice, nowMs) : this.jsonPage(slice, parsed.query.limit, nowMs);
    res.writeHead(200, { "Content-Type": csv ? CSV_TYPE : JSON_TYPE, "Content-Length": body.length });
    if (!truncate) {
      res.end(body);
      return;
    }
    // The promised length never arrives: the client sees the connection drop mid-body.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
  }

  private jsonPage(slice: PageSlice, limit: number, nowMs: number): Buffer {
    const gridPage = this.options.cachePages && limit === DEFAULT_LIMIT && slice.start % DEFAULT_LIMIT === 0;
    return gridPage ? this.cachedPage(slice, nowMs) : pageJson(this.options.dataset, slice, nowMs).bytes;
  }

  private cachedPage(slice: PageSlice, nowMs: number): Buffer {
    const hit = this.pages.get(slice.start);
    // Cached pages are settled, which holds for any later clock; a clock moved back before
    // the moment a page settled gets a freshly built page instead.
    if (hit !== undefined && hit.settledMs <= nowMs) return hit.bytes;
    const { dataset } = this.options;
    const page = pageJson(dataset, slice, nowMs);
    if (page.settledMs > nowMs || slice.end - slice.start !== DEFAULT_LIMIT) return page.bytes;
    const bytes = this.slabs.allocate(page.bytes.length);
    page.bytes.copy(bytes);
    this.pages.set(slice.start, { bytes, settledMs: page.settledMs });
    return bytes;
  }

  private sendFault(res: ServerResponse, status: FaultStatus): void {
    if (status === 500) return sendJson(res, 500, { message: "Internal server error" });
    // 429, 502, 503 and 504 come from the ingress in front of Domino: HTML, not JSON.
    const reason = { 429: "Too Many Requests", 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out" }[status];
    const body = `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    const headers: Record<string, string | number> = { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body) };
    if (status === 429 || status === 503) headers["Retry-After"] = this.options.faults.retryAfterSec;
    res.writeHead(status, headers);
    res.end(body);
  }

  setFaults(faults: FaultOptions): void {
    this.options.faults.set(faults);
  }
}

function sendJson(res: ServerResponse, status: number, body: { message: string }): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": bytes.length });
  res.end(bytes);
}
