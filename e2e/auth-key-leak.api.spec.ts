import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { ADMIN_PASSWORD, API_TOKEN, AUTH_SERVER_LOG, DOMINO_KEY, SECRET } from "./auth-env";
import { adminRequest, anonymousRequest, appRoutes, waitForAuthSync } from "./auth-helpers";

// The Domino key must never leave the server: not in the client bundle, not in any answer
// (errors included), not in the server's log. Nor may the other secrets of the server.
test.describe.configure({ mode: "serial" });

const SECRETS = { "Domino key": DOMINO_KEY, RUNLEDGER_SECRET: SECRET, "admin password": ADMIN_PASSWORD, "API token": API_TOKEN };

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

test("the client bundle – no secret in any file under .next/static", () => {
  const all = files(".next/static");
  expect(all.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
  for (const file of all) expect(leaks(readFileSync(file, "latin1")), file).toEqual([]);
});

test("every answer – no secret in any body or header, successes and errors alike", async () => {
  test.setTimeout(180_000);
  const admin = await adminRequest();
  await waitForAuthSync(admin);
  // A full re-sync talks to Domino with the key while the answers below are collected.
  expect([200, 202]).toContain((await admin.post("/api/sync", { data: { full: true } })).status());
  const token = await anonymousRequest({ authorization: `Bearer ${API_TOKEN}` });
  const stranger = await anonymousRequest();
  const wrongKey = await anonymousRequest({ "x-domino-api-key": DOMINO_KEY });

  const answers: APIResponse[] = [];
  const ask = async (who: APIRequestContext, method: string, url: string, data?: unknown) => {
    answers.push(await who.fetch(url, { method, data, maxRedirects: 0 }));
  };
  const queries = ["", "?by=project&dim=user&interval=day&stackBy=user&limit=5", "?from=yesterday&limit=abc&by=nope&batchId=x&zzz=1"];
  for (const route of appRoutes()) {
    for (const method of route.methods) {
      // Signing the admin out here would end the session the rest of the test uses; it is asked last.
      const askers = route.path === "/api/auth/sign-out" ? [token, stranger, wrongKey] : [admin, token, stranger, wrongKey];
      for (const who of askers) {
        for (const query of method === "GET" ? queries : [""]) {
          await ask(who, method, route.path + query, method === "GET" ? undefined : { nonsense: true });
        }
      }
    }
  }
  await ask(token, "GET", "/v4/gateway/runs/getByBatchId?limit=10000");
  await ask(admin, "POST", "/api/share-links", { page: "/", query: "", expires: "1d", csv: true });
  await ask(admin, "GET", "/api/share-links");
  await ask(admin, "POST", "/api/auth/sign-out");
  expect(answers.length).toBeGreaterThan(100);
  for (const response of answers) {
    const text = (await response.body()).toString("latin1") + JSON.stringify(response.headers());
    expect(leaks(text), `${response.url()} ${response.status()}`).toEqual([]);
  }
  // The key was usable all along: the sync above succeeded with it.
  const status = await adminRequest();
  await expect.poll(async () => (await (await status.get("/api/sync")).json()).running, { timeout: 60_000 }).toBe(false);
  expect((await (await status.get("/api/sync")).json()).lastError).toBeNull();
});

test("the server log – no secret in anything the server printed", () => {
  const log = readFileSync(AUTH_SERVER_LOG, "utf8");
  expect(log.length).toBeGreaterThan(0);
  expect(leaks(log)).toEqual([]);
});
