import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback HTTP server whose every answer is written by the test, for the client's edge
 * cases (cursor quirks, fault storms, hangs) that a faithful simulator never produces.
 */

export interface RecordedRequest {
  url: URL;
  headers: IncomingHttpHeaders;
  at: number;
}

export type Responder = (request: RecordedRequest, index: number, res: ServerResponse) => void | Promise<void>;

export interface ScriptedGateway {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedGateway(respond: Responder): Promise<ScriptedGateway> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const recorded: RecordedRequest = { url: new URL(req.url ?? "/", "http://localhost"), headers: req.headers, at: Date.now() };
    requests.push(recorded);
    req.resume();
    Promise.resolve(respond(recorded, requests.length - 1, res)).catch((error: unknown) => {
      res.statusCode = 599;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A run as Domino documents it, numbered so tests can tell runs apart. */
export function gatewayRun(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const queued = Date.UTC(2024, 0, 1) + n * 60_000;
  return {
    batchId: String(queued),
    runId: `run-${n}`,
    title: `Run ${n}`,
    command: "python train.py",
    status: "Succeeded",
    runType: "Batch",
    userName: "ada",
    userId: "u1",
    projectOwnerName: "ada",
    projectOwnerId: "u1",
    projectName: "churn",
    projectId: "p1",
    runDurationSec: 120,
    hardwareTier: "Large",
    hardwareTierCostCurrency: "USD",
    hardwareTierCostAmount: 0.0011,
    queuedTime: new Date(queued).toISOString(),
    startTime: new Date(queued + 5_000).toISOString(),
    endTime: new Date(queued + 125_000).toISOString(),
    totalCostCurrency: "USD",
    totalCostAmount: 0.132,
    computeClusterDetails: null,
    ...overrides,
  };
}
