import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signShareToken } from "../lib/auth/share-token";
import { ADMIN_PASSWORD, AUTH_BASE_URL, AUTH_SERVER_LOG, SECRET } from "./auth-env";
import { adminRequest, waitForAuthSync } from "./auth-helpers";
import { waitForSettled } from "./dashboard-helpers";

/** A day's share link to the overview narrowed to one tier, over all the simulated years: its path. */
async function tierLink(api: Awaited<ReturnType<typeof adminRequest>>, tier: string): Promise<string> {
  const made = await api.post("/api/share-links", {
    data: { page: "/", query: `?tier=${encodeURIComponent(tier)}&range=custom&from=2020-01-01&to=2099-12-31`, expires: "1d" },
  });
  expect(made.status()).toBe(201);
  const { path } = (await made.json()) as { path: string };
  return path;
}

// The manager journey on the AUTH_MODE=password server: an admin shares a filtered view,
// a browser without an account opens it read-only, and cannot get past it.
test.use({ baseURL: AUTH_BASE_URL });

test("share link – admin shares a filtered view; a fresh browser sees exactly it, read-only, and nothing more", async ({ browser }) => {
  test.setTimeout(120_000);
  const api = await adminRequest();
  await waitForAuthSync(api);
  const tiers = (await (await api.get("/api/breakdown?by=hardwareTier")).json()).rows as { key: string }[];
  const tier = tiers[0]!.key;
  const filters = `tier=${encodeURIComponent(tier)}&range=custom&from=2020-01-01&to=2099-12-31`;
  const view = `/tiers?${filters}`;
  const apiFilters = `tier=${encodeURIComponent(tier)}&from=2020-01-01&to=2099-12-31`;

  // The admin signs in through the page and shares the view.
  const adminContext = await browser.newContext({ baseURL: AUTH_BASE_URL, permissions: ["clipboard-read", "clipboard-write"] });
  const admin = await adminContext.newPage();
  await admin.goto(view);
  await expect(admin).toHaveURL(/\/sign-in\?next=/);
  await admin.getByLabel("Password").fill(ADMIN_PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(new RegExp(`/tiers\\?`));
  await waitForSettled(admin);
  await admin.getByTestId("share-open").click();
  const dialog = admin.getByTestId("share-dialog");
  await dialog.getByLabel("7 days").check();
  await dialog.getByTestId("share-create").click();
  const link = await dialog.getByTestId("share-url").inputValue();
  expect(link).toMatch(new RegExp(`^${AUTH_BASE_URL}/s/[\\w-]+\\.[\\w-]+$`));
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const token = link.split("/s/")[1]!;

  // A manager's browser: no cookies, no account.
  const managerContext = await browser.newContext({ baseURL: AUTH_BASE_URL });
  const manager = await managerContext.newPage();
  const opened = await manager.request.get(link, { maxRedirects: 0 });
  expect(opened.status()).toBe(303);
  expect(opened.headers()["referrer-policy"]).toBe("no-referrer");
  await manager.goto(link);
  // The same page with the same query (as the admin's address bar spelled it).
  const url = new URL(manager.url());
  expect(url.pathname).toBe("/tiers");
  const sorted = (p: URLSearchParams) => [...p].sort(([a], [b]) => a.localeCompare(b));
  expect(sorted(url.searchParams)).toEqual(sorted(new URLSearchParams(filters)));
  await expect(manager.getByTestId("shared-view-banner")).toContainText("Shared view · expires");
  await waitForSettled(manager);
  await expect(manager.getByRole("heading", { level: 1 })).toHaveText("Hardware tiers");
  await expect(manager.getByTestId("share-open")).toHaveCount(0);
  // The logo leads back to the shared page with its filters, not to the overview (403 here).
  const home = new URL((await manager.getByRole("link", { name: "Runledger" }).getAttribute("href"))!, AUTH_BASE_URL);
  expect(home.pathname).toBe("/tiers");
  expect(sorted(home.searchParams)).toEqual(sorted(new URLSearchParams(filters)));
  // What the manager's page shows is what the admin's shows.
  const adminTotals = await (await api.get(`/api/totals?${apiFilters}`)).json();
  const managerTotals = await (await manager.request.get(`/api/totals?${apiFilters}`)).json();
  expect(managerTotals.current).toEqual(adminTotals.current);

  // Widening the filters, another page, a sync, share links: each refused.
  const widened = await manager.request.get("/api/totals?from=2020-01-01&to=2099-12-31");
  expect(widened.status()).toBe(403);
  expect((await widened.json()).error.message).toMatch(/outside the shared view/);
  await manager.goto(`/tiers?tier=${encodeURIComponent(tier)}&range=custom&from=2018-01-01&to=2099-12-31`);
  await expect(manager.getByText(/outside the shared view/).first()).toBeVisible();
  const other = await manager.goto("/projects");
  expect(other?.status()).toBe(403);
  await expect(manager.getByTestId("access-refused")).toBeVisible();
  expect((await manager.request.post("/api/sync", { data: {} })).status()).toBe(403);
  expect((await manager.request.post("/api/share-links", { data: { page: "/", expires: "1d" } })).status()).toBe(403);
  expect((await manager.request.get("/api/breakdown.csv?tier=" + encodeURIComponent(tier))).status()).toBe(403);

  // Expired and tampered links are refused with a page, never the data.
  const id = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).id as string;
  const expired = signShareToken(Buffer.from(SECRET), { id, page: "/tiers", query: filters, csv: false, exp: Date.now() - 1000 });
  const fresh = await browser.newContext({ baseURL: AUTH_BASE_URL });
  const page = await fresh.newPage();
  expect((await page.goto(`/s/${expired}`))?.status()).toBe(410);
  await expect(page.getByTestId("access-refused")).toContainText("expired");
  const [body, signature] = token.split(".");
  const tampered = `${Buffer.from(Buffer.from(body!, "base64url").toString().replace("/tiers", "/users")).toString("base64url")}.${signature}`;
  expect((await page.goto(`/s/${tampered}`))?.status()).toBe(403);
  await expect(page.getByTestId("access-refused")).toContainText("not valid");

  // The admin revokes the link from the list: the open shared view and the link itself stop working.
  await admin.goto("/share-links");
  const row = admin.getByTestId(`share-link-${id}`);
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByTestId("share-link-state")).toHaveText("revoked");
  expect((await manager.request.get(`/api/totals?${apiFilters}`)).status()).toBe(410);
  const revoked = await fresh.newPage();
  expect((await revoked.goto(link))?.status()).toBe(410);
  await expect(revoked.getByTestId("access-refused")).toContainText("revoked");

  // The token never reached the server's log.
  expect(readFileSync(AUTH_SERVER_LOG, "utf8")).not.toContain(token);
  await Promise.all([adminContext.close(), managerContext.close(), fresh.close()]);
});

test("share link – the filter bar offers only what the link allows: no refused calls while narrowing inside it", async ({ browser }) => {
  test.setTimeout(90_000);
  const api = await adminRequest();
  await waitForAuthSync(api);
  const tiers = (await (await api.get("/api/breakdown?by=hardwareTier")).json()).rows as { key: string }[];
  const tier = tiers[0]!.key;
  const path = await tierLink(api, tier);

  const context = await browser.newContext({ baseURL: AUTH_BASE_URL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const refused: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(path);
  await expect(page.getByTestId("shared-view-banner")).toBeVisible();
  await waitForSettled(page);

  // The link's one tier: the picker is locked and says why; its chip cannot be removed.
  const tierPicker = page.getByTestId("filter-hardwareTier");
  await expect(tierPicker).toHaveAttribute("aria-disabled", "true");
  await expect(tierPicker).toHaveAttribute("title", `This shared view covers ${tier} only`);
  await expect(page.getByRole("button", { name: `Remove filter Hardware tier: ${tier}` })).toHaveCount(0);
  await expect(page.getByTestId("chip-locked")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Clear all" })).toHaveCount(0);
  // Days: "All time" would reach outside the link's, so it is not offered; the select says why.
  const range = page.getByLabel("Date range");
  await expect(range.locator("option[value=all]")).toHaveCount(0);
  await expect(range).toHaveAttribute("title", /covers 2020-01-01 to 2099-12-31/);
  await expect(page.getByLabel("From")).toHaveAttribute("min", "2020-01-01");
  // Only the shared page is linked: no way into pages the link does not open.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(1);
  await expect(page.getByRole("link", { name: /View all/ })).toHaveCount(0);

  // Narrowing inside the view works: a user from the picker (a facets call the link allows).
  await page.getByTestId("filter-user").click();
  const first = page.getByRole("dialog", { name: "Filter by user" }).getByRole("checkbox").first();
  await expect(first).toBeVisible();
  await first.check();
  await expect(page).toHaveURL(/[?&]user=/);
  await page.keyboard.press("Escape");
  await waitForSettled(page);
  await expect(page.getByTestId("kpi-runs-value")).toBeVisible();
  // And back: to the link's own filters, never to none.
  await page.getByRole("button", { name: "Back to the shared view" }).click();
  await expect(page).not.toHaveURL(/[?&]user=/);
  expect(new URL(page.url()).searchParams.getAll("tier")).toEqual([tier]);
  await waitForSettled(page);
  // A preset inside the link's days.
  await range.selectOption("90d");
  await waitForSettled(page);

  expect(refused).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test("sign-in page – no calls that need a session, no console errors", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: AUTH_BASE_URL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const calls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/")) calls.push(new URL(request.url()).pathname);
  });
  await page.goto("/sign-in");
  await expect(page.getByLabel("Password")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(calls.filter((call) => call !== "/api/auth/me")).toEqual([]);
  await expect(page.getByTestId("freshness")).toHaveCount(0);
  expect(errors).toEqual([]);
  await context.close();
});

test("share link – a shared overview shows the month's forecast and, read-only, only the budgets within its scope", async ({ browser }) => {
  test.setTimeout(90_000);
  const api = await adminRequest();
  await waitForAuthSync(api);
  const tiers = (await (await api.get("/api/breakdown?by=hardwareTier")).json()).rows as { key: string }[];
  const tier = tiers[0]!.key;
  const stamp = Date.now();
  const make = async (name: string, scope: Record<string, string[]>) => {
    const response = await api.post("/api/budgets", {
      data: { name, scope, period: "month", amount: "1000", currency: "USD", channels: [{ type: "email", to: "finance@example.com" }] },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { budget: { id: string } }).budget.id;
  };
  const inside = await make(`Shared tier ${stamp}`, { tier: [tier] });
  const outside = await make(`Whole deployment ${stamp}`, {});
  try {
    const path = await tierLink(api, tier);
    const context = await browser.newContext({ baseURL: AUTH_BASE_URL });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(path);
    // The banner waits for /api/auth/me: slow on a loaded machine right after a budget is saved.
    await expect(page.getByTestId("shared-view-banner")).toBeVisible({ timeout: 20_000 });
    await waitForSettled(page);
    await expect(page.getByTestId("kpi-forecast")).toContainText(/Forecast for [A-Z][a-z]+: \$[\d,]+\.\d\d/);
    expect(refused).toEqual([]);
    // The view is the tier's budget's scope: it shows, read-only, and the deployment's does not.
    await expect(page.getByTestId("view-budget")).toHaveCount(1);
    await expect(page.getByTestId("view-budget")).toContainText(`Shared tier ${stamp}`);
    await expect(page.getByTestId("view-budget").getByRole("link")).toHaveCount(0);

    // The budget list as the shared view reads it: the tier's budget only, without its recipients.
    const listed = await page.request.get("/api/budgets");
    expect(listed.status()).toBe(200);
    const { budgets } = (await listed.json()) as { budgets: { budget: { id: string; channels: unknown[] } }[] };
    const ids = budgets.map((b) => b.budget.id);
    expect(ids).toContain(inside);
    expect(ids).not.toContain(outside);
    expect(budgets.every((b) => b.budget.channels.length === 0)).toBe(true);
    // Read-only, and nothing outside the link's filters.
    expect((await page.request.delete(`/api/budgets/${inside}`)).status()).toBe(403);
    expect((await page.request.get(`/api/forecast?period=month`)).status()).toBe(403);
    expect((await page.request.get(`/api/forecast?period=month&tier=${encodeURIComponent(tier)}`)).status()).toBe(200);
    await context.close();
  } finally {
    await api.delete(`/api/budgets/${inside}`);
    await api.delete(`/api/budgets/${outside}`);
  }
});
