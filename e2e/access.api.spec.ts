import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN_PASSWORD, API_TOKEN, AUTH_BASE_URL, SECRET, VIEWER_PASSWORD } from "./auth-env";
import { adminRequest, anonymousRequest, waitForAuthSync } from "./auth-helpers";
import { signValue } from "../lib/auth/signed-value";
import { neutralise } from "../lib/csv-format/neutralise";
import { parseCsv } from "../lib/csv-format/rfc4180";

// AUTH_MODE=password server (e2e/auth-env.ts) with a viewer password: the hostile rows of issue 12.
test.describe.configure({ mode: "serial" });

async function viewerRequest(): Promise<APIRequestContext> {
  const context = await anonymousRequest();
  const response = await context.post("/api/auth/sign-in", { data: { password: VIEWER_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  expect((await response.json()).role).toBe("viewer");
  return context;
}

async function shareLinkCount(admin: APIRequestContext): Promise<number> {
  return ((await (await admin.get("/api/share-links")).json()) as { links: unknown[] }).links.length;
}

async function auditRows(admin: APIRequestContext, query = ""): Promise<{ action: string; outcome: string; user: string | null; address: string | null; target: string | null }[]> {
  const response = await admin.get(`/api/audit?pageSize=200${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()).rows;
}

const CROSS = [
  ["cross-site", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, /cross-site/],
  ["a sibling origin", { origin: "http://reports.127.0.0.1.nip.io:3000", "sec-fetch-site": "same-site" }, /same site/],
  ["an old browser (Origin only)", { origin: "https://evil.example" }, /Origin https:\/\/evil\.example is not this dashboard's host/],
] as const;

test("state-changing routes with the admin cookie from another origin – 403 naming the reason, nothing changed", async () => {
  const admin = await adminRequest();
  await waitForAuthSync(admin);
  const made = await admin.post("/api/share-links", { data: { page: "/", query: "", expires: "1d" } });
  expect(made.status()).toBe(201);
  const { id } = await made.json();
  const links = await shareLinkCount(admin);
  const sync = await (await admin.get("/api/sync")).json();
  const sessions = (await (await admin.get("/api/sessions")).json()).sessions as { id: string }[];

  const writes: [string, string, string | undefined][] = [
    ["POST", "/api/sync", '{"full":true}'],
    ["POST", "/api/share-links", JSON.stringify({ page: "/", query: "", expires: "30d" })],
    ["DELETE", `/api/share-links/${id}`, undefined],
    ["POST", "/api/auth/sign-out", undefined],
    ["POST", "/api/auth/sign-in", JSON.stringify({ password: ADMIN_PASSWORD })],
    ["POST", "/api/sessions/end-all", undefined],
    ["DELETE", `/api/sessions/${sessions[0]!.id}`, undefined],
    ["POST", "/api/auth/leave-share", undefined],
  ];
  let refused = 0;
  for (const [name, headers, reason] of CROSS) {
    for (const [method, url, data] of writes) {
      const response = await admin.fetch(url, { method, data, headers: { ...headers, "content-type": "text/plain" }, maxRedirects: 0 });
      expect(response.status(), `${name}: ${method} ${url}`).toBe(403);
      const body = await response.json();
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message, `${name}: ${method} ${url}`).toMatch(reason);
      refused += 1;
    }
  }
  expect(refused).toBe(CROSS.length * writes.length);
  // Nothing happened: no link made or revoked, no sync started, the session still open.
  expect(await shareLinkCount(admin)).toBe(links);
  const after = await (await admin.get("/api/share-links")).json();
  expect(after.links.find((l: { id: string }) => l.id === id).state).toBe("active");
  const syncAfter = await (await admin.get("/api/sync")).json();
  expect(syncAfter.running).toBe(false);
  expect(syncAfter.dataVersion).toBe(sync.dataVersion);
  expect((await admin.get("/api/totals")).status()).toBe(200);

  // The same requests from the dashboard's own origin go through (the rule refuses the origin, not the action).
  const own = await admin.post("/api/share-links", { data: { page: "/", query: "", expires: "1d" }, headers: { origin: AUTH_BASE_URL, "sec-fetch-site": "same-origin" } });
  expect(own.status()).toBe(201);
  // API tokens carry no cookie and are not affected: their refusal is the role's (read-only), not the origin's.
});

test("the cookie replayed after sign-out, and after an admin ended its session – 401", async () => {
  const first = await adminRequest();
  const state = await first.storageState();
  const cookie = state.cookies.find((c) => c.name === "rl_session")!.value;
  const replay = await anonymousRequest({ cookie: `rl_session=${cookie}` });
  expect((await replay.get("/api/totals")).status()).toBe(200);
  expect((await first.post("/api/auth/sign-out")).status()).toBe(200);
  const afterSignOut = await replay.get("/api/totals");
  expect(afterSignOut.status()).toBe(401);
  expect((await afterSignOut.json()).error.message).toMatch(/session has ended/);

  const viewer = await viewerRequest();
  const viewerCookie = (await viewer.storageState()).cookies.find((c) => c.name === "rl_session")!.value;
  const admin = await adminRequest();
  const open = (await (await admin.get("/api/sessions")).json()).sessions as { id: string; role: string; current: boolean }[];
  const theirs = open.filter((s) => s.role === "viewer");
  expect(theirs.length).toBeGreaterThan(0);
  for (const s of theirs) expect((await admin.delete(`/api/sessions/${s.id}`)).status()).toBe(204);
  expect((await (await anonymousRequest({ cookie: `rl_session=${viewerCookie}` })).get("/api/totals")).status()).toBe(401);
  expect((await viewer.get("/api/totals")).status()).toBe(401);
  // Each sign-in makes a new session id: signing in again does not bring the old cookie back.
  const again = await viewerRequest();
  expect((await again.get("/api/totals")).status()).toBe(200);
  expect((await (await anonymousRequest({ cookie: `rl_session=${viewerCookie}` })).get("/api/totals")).status()).toBe(401);
  // A cookie signed with the right secret in the old form (who and until when) is no session.
  const old = signValue(Buffer.from(SECRET), "session", { v: 1, user: "admin", exp: Date.now() + 3_600_000 });
  expect((await (await anonymousRequest({ cookie: `rl_session=${old}` })).get("/api/totals")).status()).toBe(401);
});

test("a viewer on every admin route – 403; pages and CSVs open; the refusals audited", async () => {
  const viewer = await viewerRequest();
  const adminOnly: [string, string, unknown][] = [
    ["POST", "/api/sync", { full: true }],
    ["POST", "/api/share-links", { page: "/", query: "", expires: "1d" }],
    ["GET", "/api/share-links", undefined],
    ["DELETE", "/api/share-links/abc", undefined],
    ["GET", "/api/sessions", undefined],
    ["DELETE", `/api/sessions/${"0".repeat(64)}`, undefined],
    ["POST", "/api/sessions/end-all", undefined],
    ["GET", "/api/audit", undefined],
    ["GET", "/api/audit.csv", undefined],
  ];
  for (const [method, url, data] of adminOnly) {
    const response = await viewer.fetch(url, { method, data });
    expect(response.status(), `${method} ${url}`).toBe(403);
    expect((await response.json()).error.message).toMatch(/viewer/);
  }
  for (const page of ["/audit", "/share-links"]) {
    const response = await viewer.get(page, { maxRedirects: 0 });
    expect(response.status(), page).toBe(403);
    expect(await response.text()).toMatch(/For admins only/);
  }
  for (const url of ["/", "/tiers", "/projects", "/users", "/runs", "/api/totals", "/api/runs.csv", "/api/breakdown.csv?by=project", "/api/timeseries.csv", "/api/sync"]) {
    expect((await viewer.get(url)).status(), url).toBe(200);
  }
  expect((await (await viewer.get("/api/auth/me")).json()).kind).toBe("viewer");

  const admin = await adminRequest();
  const refusals = await auditRows(admin, "&action=role-refused");
  for (const [method, url] of adminOnly) {
    expect(refusals.some((r) => r.target === `${method} ${url.split("?")[0]}` && r.user === "viewer" && r.outcome === "refused"), `${method} ${url}`).toBe(true);
  }
});

test("GET /api/health – the status word to anyone, the details to admins", async () => {
  const anonymous = await anonymousRequest();
  const response = await anonymous.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["status"]);
  expect(["ok", "degraded"]).toContain(body.status);
  const viewer = await viewerRequest();
  expect(Object.keys(await (await viewer.get("/api/health")).json())).toEqual(["status"]);
  const admin = await adminRequest();
  const details = await (await admin.get("/api/health")).json();
  expect(details.store.runCount).toBeGreaterThan(0);
  expect(details.gateway.host).toMatch(/127\.0\.0\.1/);
});

test("sign-in next and query values no header can hold – 400 naming the parameter", async () => {
  const client = await anonymousRequest();
  for (const next of ["/\t/evil.example/phish", "/users\n", "/\u202eusers"]) {
    const response = await client.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD, next } });
    expect(response.status(), JSON.stringify(next)).toBe(400);
    expect((await response.json()).error.field).toBe("next");
  }
  const ok = await client.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD, next: "//evil.example/x" } });
  expect((await ok.json()).next).toBe("/");
  for (const currency of ["日", "\u0000", "🚀", "\u202eUSD"]) {
    const response = await client.get(`/api/timeseries.csv?currency=${encodeURIComponent(currency)}`);
    expect(response.status(), JSON.stringify(currency)).toBe(400);
    const body = await response.json();
    expect(body.error.field).toBe("currency");
  }
  // Every route: the parameter is named, pages too.
  expect((await (await client.get("/api/runs?q=%00")).json()).error.field).toBe("q");
  const page = await client.get("/runs?q=%E2%80%AE", { maxRedirects: 0 });
  expect(page.status()).toBe(400);
});

test("the gateway endpoint's CSV – formula cells neutralised unless raw=1", async () => {
  const token = await anonymousRequest({ authorization: `Bearer ${API_TOKEN}` });
  const neutral = await (await token.get("/v4/gateway/runs/getByBatchId?limit=3000", { headers: { accept: "text/csv" } })).text();
  const raw = await (await token.get("/v4/gateway/runs/getByBatchId?limit=3000&raw=1", { headers: { accept: "text/csv" } })).text();
  const cells = (text: string) => parseCsv(text).slice(1).flat();
  const rawCells = cells(raw);
  const neutralCells = cells(neutral);
  expect(neutralCells.length).toBe(rawCells.length);
  // Text cells that would run as formulas (the simulator's run titles include some) are prefixed.
  let changed = 0;
  for (let i = 0; i < rawCells.length; i++) {
    if (neutralCells[i] !== rawCells[i]) {
      expect(neutralCells[i]).toBe(neutralise(rawCells[i]!));
      changed += 1;
    }
  }
  // The simulator names projects and runs "=cmd-test", "=HYPERLINK(…)" and the like.
  const formulas = rawCells.filter((c) => /^[=+@]/.test(c));
  expect(formulas.length).toBeGreaterThan(0);
  expect(changed).toBeGreaterThanOrEqual(formulas.length);
  expect(neutralCells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
  expect((await token.get("/v4/gateway/runs/getByBatchId?raw=yes")).status()).toBe(400);
});

test("the audit log – sign-ins with the address, actions, CSV; never a password or cookie", async () => {
  const wrong = await anonymousRequest();
  expect((await wrong.post("/api/auth/sign-in", { data: { password: "not-it-at-all" } })).status()).toBe(401);
  const admin = await adminRequest();
  const rows = await auditRows(admin);
  expect(rows.some((r) => r.action === "sign-in" && r.outcome === "failed" && r.address === "127.0.0.1")).toBe(true);
  expect(rows.some((r) => r.action === "sign-in" && r.outcome === "ok" && r.user === "admin")).toBe(true);
  expect(rows.some((r) => r.action === "sign-in" && r.outcome === "ok" && r.user === "viewer")).toBe(true);
  expect(rows.some((r) => r.action === "sign-out")).toBe(true);
  expect(rows.some((r) => r.action === "share-link-created")).toBe(true);
  expect(rows.some((r) => r.action === "session-ended")).toBe(true);
  const started = await admin.post("/api/sync", { data: {} });
  expect([200, 202]).toContain(started.status());
  expect((await auditRows(admin, "&action=sync")).length).toBeGreaterThan(0);
  const filtered = await auditRows(admin, "&outcome=failed&action=sign-in");
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.every((r) => r.outcome === "failed" && r.action === "sign-in")).toBe(true);
  expect((await admin.get("/api/audit?action=nope")).status()).toBe(400);

  const csv = await admin.get("/api/audit.csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("at,user,role,address,action,target,outcome,detail");
  const cookie = (await admin.storageState()).cookies.find((c) => c.name === "rl_session")!.value;
  for (const secret of [ADMIN_PASSWORD, VIEWER_PASSWORD, "not-it-at-all", cookie, cookie.split(".")[0]!, SECRET]) {
    expect(text).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret);
  }
});
