import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { freePort, postgresBinDir, startTempCluster, type TempCluster } from "../lib/store/postgres/temp-cluster";
import { ADMIN_PASSWORD, authServerEnv } from "./auth-env";

/**
 * Two real replicas (`next start` of the e2e build, AUTH_MODE=password, each with its own
 * DATA_DIR) sharing one throw-away PostgreSQL through DATABASE_URL, against the password-mode
 * server's simulated Domino. What one replica changes, the other holds at its next request:
 * a sign-out, a share link's revocation, a budget, the audit log, the team set-up.
 */

test.describe.configure({ mode: "serial" });
test.skip(postgresBinDir() === null && !process.env.CI, "PostgreSQL is not installed");

let cluster: TempCluster | null = null;
let work = "";
const children: ChildProcess[] = [];
const replicas: string[] = [];

async function answering(base: string): Promise<boolean> {
  try {
    await fetch(`${base}/api/health`);
    return true;
  } catch {
    return false;
  }
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  cluster = await startTempCluster();
  work = mkdtempSync(path.join(os.tmpdir(), "runledger-e2e-replicas-"));
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        ...authServerEnv,
        PORT: String(port),
        DATA_DIR: path.join(work, `replica-${i + 1}`),
        DATABASE_URL: cluster.url,
        // Only the first sync at start-up: the test decides when data changes.
        REPLICA_SYNC_INTERVAL_SECONDS: "3600",
      },
    });
    children.push(child);
    replicas.push(`http://127.0.0.1:${port}`);
  }
  for (const base of replicas) await expect.poll(() => answering(base), { timeout: 120_000, intervals: [500] }).toBe(true);
});

test.afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A context signed in as the admin on `base`; cookies go to every port of 127.0.0.1. */
async function signedIn(base: string): Promise<{ context: APIRequestContext; cookie: string }> {
  const context = await playwrightRequest.newContext();
  const response = await context.post(`${base}/api/auth/sign-in`, { data: { password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  const session = (await context.storageState()).cookies.find((c) => c.name === "rl_session");
  expect(session).toBeDefined();
  return { context, cookie: `rl_session=${session!.value}` };
}

/** A context that sends exactly this cookie (a copy of it kept elsewhere). */
const withCookie = (cookie: string) => playwrightRequest.newContext({ extraHTTPHeaders: { cookie } });

test("POST /api/auth/sign-out on replica A – the session's cookie is refused by replica B at its next request", async () => {
  const [a, b] = replicas as [string, string];
  const { context, cookie } = await signedIn(a);
  const copy = await withCookie(cookie);
  expect((await copy.get(`${b}/api/share-links`)).status()).toBe(200);
  expect((await context.post(`${a}/api/auth/sign-out`)).status()).toBe(200);
  expect((await copy.get(`${b}/api/share-links`)).status()).toBe(401);
  expect((await copy.get(`${a}/api/share-links`)).status()).toBe(401);
});

test("DELETE /api/share-links/{id} on replica B – the link is refused on replica A at once", async () => {
  const [a, b] = replicas as [string, string];
  const { context } = await signedIn(a);
  const made = await context.post(`${a}/api/share-links`, { data: { page: "/", query: "", expires: "1d" } });
  expect(made.status()).toBe(201);
  const link = (await made.json()) as { id: string; path: string };
  const anonymous = await playwrightRequest.newContext();
  expect((await anonymous.get(`${b}${link.path}`, { maxRedirects: 0 })).status()).toBe(303);
  expect((await context.delete(`${b}/api/share-links/${link.id}`)).status()).toBe(204);
  expect((await anonymous.get(`${a}${link.path}`, { maxRedirects: 0 })).status()).toBe(410);
  const listed = (await (await context.get(`${a}/api/share-links`)).json()) as { links: { id: string; state: string }[] };
  expect(listed.links.find((l) => l.id === link.id)?.state).toBe("revoked");
});

test("POST /api/budgets on replica A – listed on replica B; both replicas' actions are in B's audit log", async () => {
  const [a, b] = replicas as [string, string];
  const { context } = await signedIn(a);
  // The first replica to start synced the simulated Domino; the other follows it per request.
  await expect
    .poll(async () => (await (await context.get(`${b}/api/sync`)).json()).runCount as number, { timeout: 120_000, intervals: [1000] })
    .toBeGreaterThan(0);
  const made = await context.post(`${a}/api/budgets`, { data: { name: "Replicated", amount: "1000", currency: "USD" } });
  expect(made.status(), await made.text()).toBe(201);
  const onB = (await (await context.get(`${b}/api/budgets`)).json()) as { budgets: { budget: { name: string; amount: string } }[] };
  expect(onB.budgets.map((s) => [s.budget.name, s.budget.amount])).toEqual([["Replicated", "1000.00"]]);

  const audit = (await (await context.get(`${b}/api/audit?pageSize=200`)).json()) as { rows: { action: string; outcome: string }[] };
  const actions = audit.rows.map((r) => `${r.action}:${r.outcome}`);
  for (const expected of ["budget-created:ok", "share-link-revoked:ok", "share-link-created:ok", "sign-out:ok", "sign-in:ok"]) {
    expect(actions).toContain(expected);
  }
});

test("PUT /api/teams on replica B – replica A's next breakdown by team uses the new set-up", async () => {
  const [a, b] = replicas as [string, string];
  const { context } = await signedIn(b);
  const before = (await (await context.get(`${a}/api/breakdown?by=team`)).json()) as { rows: { key: string; runs: number }[] };
  expect(before.rows.map((r) => r.key)).toEqual(["Unallocated"]);
  const saved = await context.put(`${b}/api/teams`, {
    data: { teams: [{ name: "Everyone", costCentre: "CC-1" }], rules: [{ team: "Everyone", kind: "owner", pattern: "*" }] },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const after = (await (await context.get(`${a}/api/breakdown?by=team`)).json()) as { rows: { key: string; runs: number }[] };
  expect(after.rows.map((r) => [r.key, r.runs])).toEqual([["Everyone", before.rows[0]!.runs]]);
  const teams = (await (await context.get(`${a}/api/teams`)).json()) as { teams: { name: string }[] };
  expect(teams.teams.map((t) => t.name)).toEqual(["Everyone"]);
});

test("POST /api/chargeback/close on replica A – replica B shows the frozen statement, refuses a second close and a shared cost for it", async () => {
  const [a, b] = replicas as [string, string];
  const { context } = await signedIn(a);
  const period = "2025-01";
  const cost = await context.post(`${b}/api/chargeback/shared-costs`, { data: { period, label: "Licence", currency: "USD", amount: "1250.00", spread: "even" } });
  expect(cost.status(), await cost.text()).toBe(201);
  const closed = await context.post(`${a}/api/chargeback/close`, { data: { period } });
  expect(closed.status(), await closed.text()).toBe(201);

  const onB = (await (await context.get(`${b}/api/chargeback?period=${period}`)).json()) as { statement: unknown; closed: { by: string } | null };
  const onA = (await (await context.get(`${a}/api/chargeback?period=${period}`)).json()) as { statement: unknown; closed: { by: string } | null };
  expect(onB.closed?.by).toBe("admin");
  expect(onB.statement).toEqual(onA.statement);
  expect(JSON.stringify(onB.statement)).toContain("Licence");
  expect((await context.post(`${b}/api/chargeback/close`, { data: { period } })).status()).toBe(409);
  const refused = await context.post(`${b}/api/chargeback/shared-costs`, { data: { period, label: "Late", currency: "USD", amount: "1.00", spread: "even" } });
  expect(refused.status()).toBe(409);
});
