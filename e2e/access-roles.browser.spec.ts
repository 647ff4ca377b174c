import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, AUTH_BASE_URL, VIEWER_PASSWORD } from "./auth-env";
import { adminRequest, waitForAuthSync } from "./auth-helpers";
import { waitForSettled } from "./dashboard-helpers";

// Roles and sessions in the real browser, on the AUTH_MODE=password server: an admin and a
// viewer side by side, "sign out everywhere", and a write attempted from another origin.
test.use({ baseURL: AUTH_BASE_URL });
test.describe.configure({ mode: "serial" });

async function signIn(browser: Browser, password: string, path = "/tiers"): Promise<Page> {
  const context = await browser.newContext({ baseURL: AUTH_BASE_URL });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace("?", "\\?")}$`));
  await waitForSettled(page);
  return page;
}

test("admin and viewer side by side – the viewer sees no Share, Sync or Audit, and a direct request is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  await waitForAuthSync(await adminRequest());
  const admin = await signIn(browser, ADMIN_PASSWORD);
  const viewer = await signIn(browser, VIEWER_PASSWORD);

  await expect(admin.getByTestId("share-open")).toBeVisible();
  await expect(admin.getByTestId("sync-now")).toBeVisible();
  await expect(admin.getByRole("link", { name: "Audit" })).toBeVisible();

  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("Hardware tiers");
  await expect(viewer.getByTestId("download-csv")).toBeVisible();
  await expect(viewer.getByTestId("share-open")).toHaveCount(0);
  await expect(viewer.getByTestId("sync-now")).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(viewer.getByTestId("sign-out")).toBeVisible();

  // The controls are hidden, and the server refuses whatever the page is made to send.
  const attempts = await viewer.evaluate(async () => {
    const sync = await fetch("/api/sync", { method: "POST", body: JSON.stringify({ full: true }), headers: { "content-type": "application/json" } });
    const share = await fetch("/api/share-links", { method: "POST", body: JSON.stringify({ page: "/", query: "", expires: "1d" }), headers: { "content-type": "application/json" } });
    const audit = await fetch("/api/audit");
    return { sync: sync.status, share: share.status, audit: audit.status, message: (await sync.json()).error.message as string };
  });
  expect(attempts).toMatchObject({ sync: 403, share: 403, audit: 403 });
  expect(attempts.message).toMatch(/viewer/);
  const page = await viewer.goto("/audit");
  expect(page?.status()).toBe(403);
  await expect(viewer.getByRole("heading", { name: "For admins only" })).toBeVisible();

  // The admin's audit page shows the viewer's refusals and both sessions.
  await admin.goto("/audit?action=role-refused");
  await expect(admin.getByTestId("audit-table").getByTestId("audit-row").first()).toBeVisible();
  await expect(admin.getByTestId("audit-table")).toContainText("POST /api/sync");
  await expect(admin.getByTestId("session-row").filter({ hasText: "viewer" }).first()).toBeVisible();
  await admin.context().close();
  await viewer.context().close();
});

test("sign out everywhere – the other browser's session ends at once", async ({ browser }) => {
  const viewer = await signIn(browser, VIEWER_PASSWORD, "/projects");
  const admin = await signIn(browser, ADMIN_PASSWORD, "/audit");
  await expect(admin.getByTestId("session-row").first()).toBeVisible();
  await admin.getByTestId("sign-out-everywhere").click();
  await admin.getByTestId("sign-out-everywhere-confirm").click();
  await expect(admin).toHaveURL(/\/sign-in/);

  // The viewer's next request is refused, and a reload goes to the sign-in page.
  expect(await viewer.evaluate(async () => (await fetch("/api/totals")).status)).toBe(401);
  await viewer.reload();
  await expect(viewer).toHaveURL(/\/sign-in\?next=%2Fprojects/);
  await admin.context().close();
  await viewer.context().close();
});

test("a write from another origin in the real browser – refused, nothing made", async ({ browser }) => {
  const admin = await signIn(browser, ADMIN_PASSWORD, "/");
  const api = await adminRequest();
  const before = ((await (await api.get("/api/share-links")).json()).links as unknown[]).length;
  const syncBefore = await (await api.get("/api/sync")).json();

  // Another origin on the same machine (another port: same site, other origin, so the
  // SameSite=Lax cookie travels with its requests): a page that posts to the dashboard.
  const target = AUTH_BASE_URL;
  const html = `<!doctype html><title>elsewhere</title>
<form id="f" method="post" action="${target}/api/sync" enctype="text/plain"><input name='{"full":true,"x":"' value='"}'></form>
<script>
  window.attempt = async () => {
    await fetch("${target}/api/share-links", { method: "POST", credentials: "include", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify({ page: "/", query: "", expires: "30d" }) });
    await fetch("${target}/api/auth/sign-out", { method: "POST", credentials: "include", mode: "no-cors" });
  };
</script>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const statuses: Record<string, number> = {};
    admin.on("response", (response) => {
      const url = new URL(response.url());
      if (url.origin === target && response.request().method() === "POST") statuses[url.pathname] = response.status();
    });
    await admin.goto(`${origin}/`);
    await admin.evaluate(() => (window as unknown as { attempt: () => Promise<void> }).attempt());
    await Promise.all([admin.waitForURL(`${target}/api/sync`), admin.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit())]);
    await expect(admin.locator("body")).toContainText("cross-origin request refused");
    expect(statuses).toEqual({ "/api/share-links": 403, "/api/auth/sign-out": 403, "/api/sync": 403 });
  } finally {
    server.close();
  }
  // Nothing happened: no link, no sync, and the admin is still signed in.
  expect(((await (await api.get("/api/share-links")).json()).links as unknown[]).length).toBe(before);
  const syncAfter = await (await api.get("/api/sync")).json();
  expect(syncAfter.dataVersion).toBe(syncBefore.dataVersion);
  expect(syncAfter.running).toBe(false);
  await admin.goto("/tiers");
  await expect(admin).toHaveURL(/\/tiers$/);
  await admin.context().close();
});
