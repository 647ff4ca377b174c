import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small round-robin load balancer in front of Runledger replicas, for `npm run replicas` and
 * the reliability suite's replicas group: Node's own http, 127.0.0.1 only. A replica that
 * refuses the connection, or drops it before its answer is complete, is skipped and the
 * request tried on the next one (as a reverse proxy's "next upstream on error" does; the
 * routes put behind it are reads, so asking twice is safe). Answers are passed on whole, except
 * CSV downloads, which stream. 503 `unavailable` only when no replica answers at all.
 *
 * `backends` is read on every request: replace an entry's port when a replica restarts.
 */

export interface Backend {
  port: number;
}

export interface LoadBalancer {
  url: string;
  port: number;
  /** Requests that had to be tried again on another replica. */
  retried(): number;
  close(): Promise<void>;
}

export function startLoadBalancer(options: { backends: Backend[]; port?: number }): Promise<LoadBalancer> {
  const { backends } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  let retried = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    // Each replica at most once per request, starting with the next in turn.
    const first = next++;
    req.on("end", () => forward(0));
    const forward = (tries: number) => {
      if (tries >= backends.length) {
        res.writeHead(503, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "unavailable", message: "No replica is answering." } }));
        return;
      }
      if (tries > 0) retried++;
      const backend = backends[(first + tries) % backends.length]!;
      let settled = false;
      const retry = () => {
        if (settled) return;
        settled = true;
        if (!res.headersSent) forward(tries + 1);
        else res.destroy();
      };
      const upstream = http.request(
        { host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers: req.headers, agent },
        (answer) => {
          const streamed = String(answer.headers["content-type"] ?? "").startsWith("text/csv");
          if (streamed) {
            settled = true;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on("error", () => res.destroy());
            return;
          }
          const body: Buffer[] = [];
          answer.on("data", (c: Buffer) => body.push(c));
          answer.on("error", retry);
          answer.on("aborted", retry);
          answer.on("end", () => {
            if (settled) return;
            if (!answer.complete) return retry();
            settled = true;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      upstream.on("error", retry);
      upstream.end(Buffer.concat(chunks));
    };
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        retried: () => retried,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
