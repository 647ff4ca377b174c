import { expect, test } from "@playwright/test";

// The default e2e server: demo mode, AUTH_MODE unset = none, secret made per process.

test("GET /api/auth/me – demo mode lets everyone in as admin", async ({ request }) => {
  const me = await (await request.get("/api/auth/me")).json();
  expect(me).toMatchObject({ mode: "none", kind: "admin", canSignOut: false });
});

test("share link – made and honoured by one process's own secret, scope enforced even in none mode", async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL });
  const created = await admin.post("/api/share-links", { data: { page: "/users", query: "runType=Batch&range=all", expires: "1d" } });
  expect(created.status()).toBe(201);
  const { path, expiresAt } = await created.json();
  expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);

  const viewer = await playwright.request.newContext({ baseURL });
  const opened = await viewer.get(path, { maxRedirects: 0 });
  expect(opened.status()).toBe(303);
  expect(opened.headers().location).toBe("/users?runType=Batch&range=all");
  expect(opened.headers()["set-cookie"]).toMatch(/^rl_share=.*HttpOnly; SameSite=Lax/);
  expect((await viewer.get("/api/totals?runType=Batch")).status()).toBe(200);
  expect((await viewer.get("/api/totals")).status()).toBe(403);
  expect((await viewer.get("/api/auth/me").then((r) => r.json())).kind).toBe("share");
  // Leaving the shared view gives the demo back.
  await viewer.post("/api/auth/leave-share", { maxRedirects: 0 });
  expect((await viewer.get("/api/totals")).status()).toBe(200);
  await Promise.all([admin.dispose(), viewer.dispose()]);
});

test("POST /api/share-links – a view that cannot be shared is a 400 naming the field", async ({ request }) => {
  const bad = await request.post("/api/share-links", { data: { page: "/nowhere", expires: "1d" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.field).toBe("page");
  const badFilter = await request.post("/api/share-links", { data: { page: "/", query: `range=all&tier=${"x".repeat(501)}`, expires: "7d" } });
  expect(badFilter.status()).toBe(400);
  expect((await badFilter.json()).error.field).toBe("query");
});
