import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { request } from "undici";
import { startLoadBalancer, type Backend } from "./load-balancer";

/**
 * The balancer the replicas demo and the reliability suite put in front of replicas: round
 * robin, and a replica that is gone (connection refused) or dies mid-answer costs the client
 * nothing: the request is answered by another.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function backend(name: string, behaviour: "answer" | "die" = "answer"): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    if (behaviour === "die") {
      // Headers and half a body, then the process "dies": the socket is destroyed.
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"from":');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ from: name, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { server, port: (server.address() as AddressInfo).port };
}

async function get(url: string): Promise<{ status: number; body: { from?: string; path?: string; error?: { code: string } } }> {
  const response = await request(url);
  return { status: response.statusCode, body: (await response.body.json()) as never };
}

test("round robin over the replicas, the path and query passed on", async () => {
  const a = await backend("a");
  const b = await backend("b");
  const lb = await startLoadBalancer({ backends: [{ port: a.port }, { port: b.port }] });
  cleanups.push(() => lb.close());
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await get(`${lb.url}/api/totals?tier=GPU`));
  expect(answers.map((x) => x.body.from)).toEqual(["a", "b", "a", "b"]);
  expect(answers.every((x) => x.status === 200 && x.body.path === "/api/totals?tier=GPU")).toBe(true);
});

test("a replica refusing connections, or dying mid-answer, is skipped: every request is answered by the other", async () => {
  const alive = await backend("alive");
  const dying = await backend("dying", "die");
  const gone = await backend("gone");
  await new Promise((resolve) => gone.server.close(resolve));
  const backends: Backend[] = [{ port: gone.port }, { port: dying.port }, { port: alive.port }];
  const lb = await startLoadBalancer({ backends });
  cleanups.push(() => lb.close());
  const answers = await Promise.all(Array.from({ length: 9 }, () => get(`${lb.url}/api/runs`)));
  expect(answers.every((x) => x.status === 200 && x.body.from === "alive")).toBe(true);
  expect(lb.retried()).toBeGreaterThan(0);
});

test("no replica answering: 503 unavailable, said in the API's error shape", async () => {
  const gone = await backend("gone");
  await new Promise((resolve) => gone.server.close(resolve));
  const lb = await startLoadBalancer({ backends: [{ port: gone.port }] });
  cleanups.push(() => lb.close());
  const answer = await get(`${lb.url}/api/totals`);
  expect(answer.status).toBe(503);
  expect(answer.body.error?.code).toBe("unavailable");
});
