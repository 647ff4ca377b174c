import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ARTICLE_CURLS, runArticleCurl } from "../lib/gateway/simulator/test-support";

/** `npm run simulator` as a separate process: its first line, and the article's curl against it. */

let child: ChildProcess;
let lines: string[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, ["--import", "tsx", "scripts/simulator.ts", "--port", "0", "--runs", "3000", "--non-admin-key", "viewer"], {
    cwd: path.resolve(__dirname, ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      lines = out.split("\n");
      if (lines.length > 5) resolve();
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

test("first line is exactly `listening on http://127.0.0.1:PORT`; the key follows", () => {
  expect(lines[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
  expect(lines[1]).toBe("admin key: demo-admin-key");
});

test("the article's curl works against it with demo-admin-key; the non-admin key gets 403", async () => {
  const baseUrl = lines[0]!.slice("listening on ".length);
  const res = await runArticleCurl(ARTICLE_CURLS.oldest, { baseUrl, apiKey: "demo-admin-key" });
  expect(res.status).toBe(200);
  expect((JSON.parse(res.body) as { runs: unknown[] }).runs).toHaveLength(1000);
  expect((await runArticleCurl(ARTICLE_CURLS.oldest, { baseUrl, apiKey: "viewer" })).status).toBe(403);
});

test("SIGTERM stops it cleanly", async () => {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});
