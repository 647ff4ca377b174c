import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { fetchPage, readPages, type Page, type RetryInfo } from "./client";
import type { GatewayConnection } from "./connection";
import { GatewayError } from "./errors";
import { gatewayRun, sendJson, startScriptedGateway, type Responder, type ScriptedGateway } from "./scripted-gateway";

const KEY = "sk-test-7f3a9c-secret";
const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

let gateway: ScriptedGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function serve(respond: Responder): Promise<{ conn: GatewayConnection; gw: ScriptedGateway }> {
  gateway = await startScriptedGateway(respond);
  return { conn: connectionTo(gateway.url), gw: gateway };
}

function connectionTo(baseUrl: string, overrides: Partial<GatewayConnection> = {}): GatewayConnection {
  return { baseUrl, auth: { kind: "api-key", secret: KEY }, limit: 3, timeoutMs: 2_000, ...overrides };
}

/** Answers each requested batchId ("" for none) with the page listed for it. */
function pages(byCursor: Record<string, unknown>): Responder {
  return (req, _i, res) => {
    const cursor = req.url.searchParams.get("batchId") ?? "";
    if (!(cursor in byCursor)) return sendJson(res, 400, { message: `unknown batchId ${cursor}` });
    sendJson(res, 200, byCursor[cursor]);
  };
}

async function readAll(conn: GatewayConnection, options: Parameters<typeof readPages>[1] = {}): Promise<Page[]> {
  const out: Page[] = [];
  for await (const page of readPages(conn, { retry: FAST, ...options })) out.push(page);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error("expected the call to fail");
}

const r = gatewayRun;
const ids = (all: Page[]) => all.flatMap((p) => p.runs.map((run) => run.runId));
const bid = (n: number) => String(r(n).batchId);

describe("readPages – cursor and stop rules", () => {
  test("follows nextBatchId from the oldest page and stops on null", async () => {
    const { conn, gw } = await serve(
      pages({
        "": { runs: [r(1), r(2), r(3)], nextBatchId: bid(4) },
        [bid(4)]: { runs: [r(4), r(5), r(6)], nextBatchId: bid(7) },
        [bid(7)]: { runs: [r(7)], nextBatchId: null },
      }),
    );
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-2", "run-3", "run-4", "run-5", "run-6", "run-7"]);
    expect(all.map((p) => [p.requestedBatchId, p.nextBatchId])).toEqual([
      [null, bid(4)],
      [bid(4), bid(7)],
      [bid(7), null],
    ]);
    expect(gw.requests).toHaveLength(3);
    expect(gw.requests[0]!.url.pathname).toBe("/v4/gateway/runs/getByBatchId");
    expect(gw.requests[0]!.url.searchParams.has("batchId")).toBe(false);
    expect(gw.requests[0]!.url.searchParams.get("limit")).toBe("3");
    expect(gw.requests[1]!.url.searchParams.get("batchId")).toBe(bid(4));
    expect(gw.requests[0]!.headers["x-domino-api-key"]).toBe(KEY);
    expect(all.every((p) => p.bytes > 0)).toBe(true);
  });

  test.each([
    ["missing", {}],
    ["empty string", { nextBatchId: "" }],
  ])("stops when nextBatchId is %s", async (_name, tail) => {
    const { conn, gw } = await serve(
      pages({ "": { runs: [r(1), r(2)], nextBatchId: bid(3) }, [bid(3)]: { runs: [r(3)], ...tail } }),
    );
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-2", "run-3"]);
    expect(all.at(-1)!.nextBatchId).toBeNull();
    expect(gw.requests).toHaveLength(2);
  });

  test("stops when the last page repeats the cursor it was asked for", async () => {
    const { conn, gw } = await serve(
      pages({ "": { runs: [r(1), r(2)], nextBatchId: bid(3) }, [bid(3)]: { runs: [r(3)], nextBatchId: bid(3) } }),
    );
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-2", "run-3"]);
    expect(gw.requests).toHaveLength(2);
  });

  test("stops when the cursor moves backwards or revisits a page", async () => {
    const { conn, gw } = await serve(
      pages({
        [bid(5)]: { runs: [r(5)], nextBatchId: bid(6) },
        [bid(6)]: { runs: [r(6)], nextBatchId: bid(2) },
        [bid(2)]: { runs: [r(2)], nextBatchId: bid(5) },
      }),
    );
    const all = await readAll(conn, { from: bid(5) });
    expect(ids(all)).toEqual(["run-5", "run-6"]);
    expect(gw.requests.map((q) => q.url.searchParams.get("batchId"))).toEqual([bid(5), bid(6)]);
  });

  test("stops on an empty page without yielding it", async () => {
    const { conn, gw } = await serve(
      pages({ "": { runs: [r(1)], nextBatchId: bid(2) }, [bid(2)]: { runs: [], nextBatchId: bid(9) } }),
    );
    const all = await readAll(conn);
    expect(all).toHaveLength(1);
    expect(gw.requests).toHaveLength(2);
  });

  test("an empty gateway yields nothing", async () => {
    const { conn } = await serve(pages({ "": { runs: [], nextBatchId: null } }));
    expect(await readAll(conn)).toEqual([]);
  });

  test("starts at --from and drops runs repeated across a page edge", async () => {
    // This gateway starts each page AT the cursor, so the edge run comes twice.
    const { conn } = await serve(
      pages({
        [bid(2)]: { runs: [r(2), r(3), r(4)], nextBatchId: bid(4) },
        [bid(4)]: { runs: [r(4), r(5), r(6)], nextBatchId: bid(6) },
        [bid(6)]: { runs: [r(6), r(6), r(7)], nextBatchId: null },
      }),
    );
    const all = await readAll(conn, { from: bid(2) });
    expect(ids(all)).toEqual(["run-2", "run-3", "run-4", "run-5", "run-6", "run-7"]);
  });

  test("follows the parsed cursor when a run's own field fooled the read-ahead guess", async () => {
    // nextBatchId comes first in the page and the last run carries a field of the same name.
    const page1 = `{"nextBatchId":"${bid(3)}","runs":[${JSON.stringify(r(1))},${JSON.stringify({ ...r(2), nextBatchId: bid(9) })}]}`;
    const { conn, gw } = await serve((req, _i, res) => {
      const cursor = req.url.searchParams.get("batchId");
      if (cursor === null) return sendJson(res, 200, page1);
      if (cursor === bid(3)) return sendJson(res, 200, { runs: [r(3)], nextBatchId: null });
      if (cursor === bid(9)) return void setTimeout(() => sendJson(res, 200, { runs: [r(9)], nextBatchId: null }), 50);
      sendJson(res, 400, { message: "unexpected" });
    });
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-2", "run-3"]);
    expect(gw.requests.some((q) => q.url.searchParams.get("batchId") === bid(3))).toBe(true);
  });

  test("a consumer that stops early stops the reading", async () => {
    const { conn } = await serve(
      pages({ "": { runs: [r(1)], nextBatchId: bid(2) }, [bid(2)]: { runs: [r(2)], nextBatchId: bid(3) }, [bid(3)]: { runs: [r(3)], nextBatchId: null } }),
    );
    const seen: string[] = [];
    for await (const page of readPages(conn, { retry: FAST })) {
      seen.push(...page.runs.map((run) => run.runId));
      break;
    }
    expect(seen).toEqual(["run-1"]);
  });
});

describe("readPages – type drift", () => {
  test("normalises string amounts, epoch-ms times, numeric ids and ignores extra fields", async () => {
    const queued = Date.UTC(2024, 5, 1, 8, 30, 0, 250);
    const drifted = {
      ...r(1),
      runId: 101,
      userId: 7,
      runDurationSec: "3600",
      hardwareTierCostAmount: ".0011",
      totalCostAmount: "1.98",
      queuedTime: queued,
      startTime: String(queued + 1000),
      endTime: null,
      diskUsageGiB: 12,
      someFutureField: { nested: true },
    };
    delete (drifted as Record<string, unknown>).computeClusterDetails;
    const { conn } = await serve(pages({ "": { runs: [drifted], nextBatchId: null } }));
    const [page] = await readAll(conn);
    expect(page!.rejected).toEqual([]);
    const run = page!.runs[0]!;
    expect(run).toMatchObject({
      runId: "101",
      userId: "7",
      runDurationSec: 3600,
      hardwareTierCostAmount: 0.0011,
      totalCostAmount: 1.98,
      queuedTime: "2024-06-01T08:30:00.250Z",
      startTime: "2024-06-01T08:30:01.250Z",
      endTime: null,
      computeClusterDetails: null,
    });
    expect(run).not.toHaveProperty("someFutureField");
    expect(run).not.toHaveProperty("diskUsageGiB");
  });

  test("reports a run missing required fields by its runId and keeps the rest", async () => {
    const broken = { ...r(2) } as Record<string, unknown>;
    delete broken.queuedTime;
    const { conn } = await serve(
      pages({
        "": { runs: [r(1), broken, r(3)], nextBatchId: bid(4) },
        [bid(4)]: { runs: [r(4), { runId: "x-9", totalCostAmount: "abc" }], nextBatchId: null },
      }),
    );
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-3", "run-4"]);
    expect(all.flatMap((p) => p.rejected)).toEqual([
      { runId: "run-2", reason: "queuedTime is missing" },
      { runId: "x-9", reason: expect.stringMatching(/batchId is missing/) },
    ]);
  });
});

describe("fetchPage – retries", () => {
  test("rides out a 503 storm and recovers", async () => {
    const { conn, gw } = await serve((_req, i, res) => {
      if (i < 3) return sendJson(res, 503, "<html>Service Unavailable</html>");
      sendJson(res, 200, { runs: [r(1)], nextBatchId: null });
    });
    const retries: RetryInfo[] = [];
    const all = await readAll(conn, { onRetry: (info) => retries.push(info) });
    expect(ids(all)).toEqual(["run-1"]);
    expect(gw.requests).toHaveLength(4);
    expect(retries.map((x) => [x.attempt, x.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ]);
  });

  test.each([429, 502, 504])("retries HTTP %i", async (status) => {
    const { conn, gw } = await serve((_req, i, res) => (i === 0 ? sendJson(res, status, {}) : sendJson(res, 200, { runs: [], nextBatchId: null })));
    await fetchPage(conn, null, { retry: FAST });
    expect(gw.requests).toHaveLength(2);
  });

  test("honours Retry-After on a 429", async () => {
    const { conn, gw } = await serve((_req, i, res) =>
      i === 0 ? sendJson(res, 429, { message: "slow down" }, { "retry-after": "1" }) : sendJson(res, 200, { runs: [], nextBatchId: null }),
    );
    const retries: RetryInfo[] = [];
    await fetchPage(conn, null, { retry: FAST, onRetry: (info) => retries.push(info) });
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(gw.requests[1]!.at - gw.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  test("gives up after the last try as upstream_unavailable, naming host and status", async () => {
    const { conn, gw } = await serve((_req, _i, res) => sendJson(res, 502, "bad gateway"));
    const error = await failure(fetchPage(conn, null, { retry: FAST }));
    expect(error.code).toBe("upstream_unavailable");
    expect(error.status).toBe(502);
    expect(error.message).toContain(new URL(gw.url).host);
    expect(error.message).toContain("HTTP 502");
    expect(gw.requests).toHaveLength(FAST.attempts);
  });

  test("a request that hangs times out, is retried, then fails as upstream_unavailable", async () => {
    const { conn, gw } = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const error = await failure(fetchPage({ ...conn, timeoutMs: 150 }, null, { retry: { ...FAST, attempts: 3 } }));
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toMatch(/timed out after 150 ms/);
    expect(gw.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
  });

  test("a hang that clears is retried to success", async () => {
    const { conn } = await serve((_req, i, res) => {
      if (i > 0) sendJson(res, 200, { runs: [r(1)], nextBatchId: null });
    });
    const all = await readAll({ ...conn, timeoutMs: 150 });
    expect(ids(all)).toEqual(["run-1"]);
  });

  test("a body cut short is fetched again", async () => {
    const full = JSON.stringify({ runs: [r(1), r(2)], nextBatchId: null });
    const { conn, gw } = await serve((_req, i, res) => sendJson(res, 200, i < 2 ? full.slice(0, 150) : full));
    const all = await readAll(conn);
    expect(ids(all)).toEqual(["run-1", "run-2"]);
    expect(gw.requests).toHaveLength(3);
  });

  test("a connection dropped half way through the body is fetched again", async () => {
    const full = Buffer.from(JSON.stringify({ runs: [r(1), r(2)], nextBatchId: null }));
    const { conn, gw } = await serve((_req, i, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": full.length });
      if (i > 0) return void res.end(full);
      res.write(full.subarray(0, 100), () => res.destroy());
    });
    const retries: RetryInfo[] = [];
    const all = await readAll(conn, { onRetry: (info) => retries.push(info) });
    expect(ids(all)).toEqual(["run-1", "run-2"]);
    expect(gw.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
  });

  test("a body that never arrives whole is bad_data after the retries", async () => {
    const { conn, gw } = await serve((_req, _i, res) => sendJson(res, 200, '{"runs":[{"batchId":"1"'));
    const error = await failure(readAll(conn));
    expect(error.code).toBe("bad_data");
    expect(gw.requests).toHaveLength(FAST.attempts);
  });

  test("a whole body that is not the gateway's shape is bad_data", async () => {
    const { conn } = await serve((_req, _i, res) => sendJson(res, 200, { items: [] }));
    const error = await failure(readAll(conn));
    expect(error.code).toBe("bad_data");
    expect(error.message).toMatch(/runs array/);
  });

  test("an HTML page on a 200 (a sign-in proxy) is bad_data at once, not retried", async () => {
    const { conn, gw } = await serve((_req, _i, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html><body>Sign in</body></html>");
    });
    const error = await failure(fetchPage(conn, null, { retry: FAST }));
    expect(error.code).toBe("bad_data");
    expect(error.message).toMatch(/HTML page instead of the gateway's JSON/);
    expect(gw.requests).toHaveLength(1);
  });

  test("an unreachable host fails as upstream_unavailable", async () => {
    const closed = await startScriptedGateway(() => {});
    await closed.close();
    const error = await failure(fetchPage(connectionTo(closed.url), null, { retry: { ...FAST, attempts: 2 } }));
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  test("decompresses a gzip body", async () => {
    const { conn } = await serve((_req, _i, res) => {
      const body = gzipSync(JSON.stringify({ runs: [r(1)], nextBatchId: null }));
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
      res.end(body);
    });
    expect(ids(await readAll(conn))).toEqual(["run-1"]);
  });

  test("asks for CSV and sends a bearer token when told to", async () => {
    const { conn, gw } = await serve((_req, _i, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      res.end("batchId,runId\r\n1,a\r\n");
    });
    const body = await fetchPage({ ...conn, auth: { kind: "bearer", secret: KEY } }, "1", { accept: "csv", retry: FAST });
    expect(body.toString()).toBe("batchId,runId\r\n1,a\r\n");
    expect(gw.requests[0]!.headers.accept).toBe("text/csv");
    expect(gw.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(gw.requests[0]!.headers["x-domino-api-key"]).toBeUndefined();
  });

  test("an aborted signal stops the retries", async () => {
    const { conn } = await serve((_req, _i, res) => sendJson(res, 503, {}));
    const controller = new AbortController();
    const promise = fetchPage(conn, null, { retry: { attempts: 10, baseDelayMs: 200, maxDelayMs: 200 }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("cancelled")), 50);
    await expect(promise).rejects.toThrow("cancelled");
  });
});

describe("fetchPage – errors that are not retried", () => {
  test.each([
    [401, "auth_rejected", /the Domino key was rejected by .* \(HTTP 401, not signed in/],
    [403, "auth_rejected", /the Domino key was rejected by .* \(HTTP 403, not an admin's key/],
    [400, "bad_request", /refused the request \(HTTP 400: limit must be 1-10000\)/],
    [500, "upstream_unavailable", /HTTP 500/],
  ] as const)("HTTP %i is %s after one request", async (status, code, message) => {
    const detail = status === 400 ? "limit must be 1-10000" : "nope";
    const { conn, gw } = await serve((_req, _i, res) => sendJson(res, status, { message: detail }));
    const error = await failure(fetchPage(conn, null, { retry: FAST }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
    expect(gw.requests).toHaveLength(1);
  });
});

describe("the key never appears in an error", () => {
  const echoKey: Responder = (req, _i, res) =>
    sendJson(res, 400, { message: `bad key ${String(req.headers["x-domino-api-key"])} / ${encodeURIComponent(KEY)}` });

  test.each<[string, Responder, number]>([
    ["401", (_q, _i, res) => sendJson(res, 401, { message: "who are you" }), 1],
    ["403", (_q, _i, res) => sendJson(res, 403, {}), 1],
    ["400 echoing the key", echoKey, 1],
    ["503 storm", (_q, _i, res) => sendJson(res, 503, KEY), 1],
    ["truncated", (_q, _i, res) => sendJson(res, 200, `{"runs":["${KEY}`), 1],
    ["not the gateway's shape", (_q, _i, res) => sendJson(res, 200, { runs: KEY }), 1],
    ["timeout", () => {}, 1],
  ])("%s", async (_name, respond) => {
    const { conn } = await serve(respond);
    const error = await failure(readAll({ ...conn, timeoutMs: 100 }, { retry: { ...FAST, attempts: 2 } }));
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(encodeURIComponent(KEY));
    expect(String(error.stack)).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  test("retry notices do not carry it either", async () => {
    const { conn } = await serve((_req, i, res) => (i === 0 ? sendJson(res, 503, KEY) : sendJson(res, 200, { runs: [], nextBatchId: null })));
    const retries: RetryInfo[] = [];
    await readAll(conn, { onRetry: (info) => retries.push(info) });
    expect(JSON.stringify(retries)).not.toContain(KEY);
  });
});
