import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, API_TOKEN, AUTH_BASE_URL } from "./auth-env";
import { adminRequest, anonymousRequest, appRoutes, isPublicRoute, waitForAuthSync } from "./auth-helpers";

// AUTH_MODE=password server (e2e/serve-auth.mjs): every route is closed to strangers.
test.describe.configure({ mode: "serial" });

test("every route without credentials – API 401 JSON, pages to /sign-in", async () => {
  const anonymous = await anonymousRequest();
  const routes = appRoutes().filter((r) => !isPublicRoute(r.path));
  // The routes this issue is about must be among them, whatever else exists.
  const paths = routes.map((r) => r.path);
  for (const expected of ["/api/totals", "/api/sync", "/api/share-links", "/v4/gateway/runs/getByBatchId", "/"]) {
    expect(paths).toContain(expected);
  }
  for (const route of routes) {
    for (const method of route.methods) {
      const response = await anonymous.fetch(route.path, { method, maxRedirects: 0, data: method === "GET" ? undefined : {} });
      if (route.kind === "api") {
        expect(response.status(), `${method} ${route.path}`).toBe(401);
        expect((await response.json()).error.code, `${method} ${route.path}`).toBe("unauthorized");
      } else {
        expect(response.status(), `${method} ${route.path}`).toBe(307);
        expect(response.headers().location, `${method} ${route.path}`).toMatch(/^\/sign-in/);
      }
    }
  }
  // CSV downloads and the Domino-compatible endpoint's CSV mode too.
  for (const csv of routes.filter((r) => r.path.endsWith(".csv")).map((r) => r.path).concat("/v4/gateway/runs/getByBatchId")) {
    expect((await anonymous.get(csv, { headers: { accept: "text/csv" } })).status(), csv).toBe(401);
  }
});

test("GET /api/totals – a wrong API token is 401, a configured one reads", async () => {
  const wrong = await anonymousRequest({ authorization: "Bearer not-the-configured-token" });
  expect((await wrong.get("/api/totals")).status()).toBe(401);
  const bearer = await anonymousRequest({ authorization: `Bearer ${API_TOKEN}` });
  expect((await bearer.get("/api/totals")).status()).toBe(200);
  const dominoStyle = await anonymousRequest({ "x-domino-api-key": API_TOKEN });
  expect((await dominoStyle.get("/api/totals")).status()).toBe(200);
});

test("admin-only actions – refused to API tokens and strangers, route by route", async () => {
  const admin = await adminRequest();
  await waitForAuthSync(admin);
  const token = await anonymousRequest({ authorization: `Bearer ${API_TOKEN}` });
  const stranger = await anonymousRequest();
  const created = await admin.post("/api/share-links", { data: { page: "/", query: "", expires: "1d" } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  const actions: [string, string, unknown][] = [
    ["POST", "/api/sync", {}],
    ["POST", "/api/share-links", { page: "/", query: "", expires: "1d" }],
    ["GET", "/api/share-links", undefined],
    ["DELETE", `/api/share-links/${id}`, undefined],
  ];
  for (const [method, url, data] of actions) {
    const byToken = await token.fetch(url, { method, data });
    expect(byToken.status(), `token ${method} ${url}`).toBe(403);
    expect((await stranger.fetch(url, { method, data })).status(), `stranger ${method} ${url}`).toBe(401);
  }
  // The link survived all of that; the admin can still revoke it.
  expect((await admin.delete(`/api/share-links/${id}`)).status()).toBe(204);
  expect((await admin.delete("/api/share-links/no-such-link")).status()).toBe(404);
});

test("POST /api/auth/sign-in – wrong passwords are slowed down per client; the cookie is HttpOnly, Lax, expiring", async () => {
  const client = await anonymousRequest();
  for (let i = 0; i < 3; i++) {
    const wrong = await client.post("/api/auth/sign-in", { data: { password: `wrong-${i}` } });
    expect(wrong.status()).toBe(401);
  }
  const blocked = await client.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD } });
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await blocked.json()).error.message).toMatch(/try again/);
  await new Promise((r) => setTimeout(r, 1100));

  const ok = await client.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD } });
  expect(ok.status()).toBe(200);
  const cookie = ok.headers()["set-cookie"]!;
  expect(cookie).toMatch(/^rl_session=[\w-]+\.[\w-]+;/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Max-Age=43200/);
  expect(cookie).not.toMatch(/Secure/);
  expect((await client.get("/api/totals")).status()).toBe(200);

  const viaHttps = await (await anonymousRequest({ "x-forwarded-proto": "https" })).post("/api/auth/sign-in", {
    data: { password: ADMIN_PASSWORD },
  });
  expect(viaHttps.headers()["set-cookie"]).toMatch(/; Secure/);

  const out = await client.post("/api/auth/sign-out");
  expect(out.headers()["set-cookie"]).toMatch(/^rl_session=;.*Max-Age=0/);
  expect((await client.get("/api/totals")).status()).toBe(401);
});

test("security headers – on pages, API answers, refusals and build files", async () => {
  const admin = await adminRequest();
  const stranger = await anonymousRequest();
  const page = await admin.get("/");
  const script = /\/_next\/static\/[^"]+\.js/.exec(await page.text())?.[0];
  expect(script).toBeTruthy();
  const responses = [page, await admin.get("/api/totals"), await stranger.get("/api/totals"), await stranger.get(script!)];
  for (const response of responses) {
    const h = response.headers();
    expect(h["content-security-policy"], response.url()).toMatch(/default-src 'self'/);
    expect(h["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
  }
  expect(AUTH_BASE_URL).toMatch(/^http:/);
});
