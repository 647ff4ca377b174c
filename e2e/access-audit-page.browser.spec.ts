import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_PASSWORD, AUTH_BASE_URL, VIEWER_PASSWORD } from "./auth-env";
import { adminRequest, anonymousRequest, waitForAuthSync } from "./auth-helpers";
import { collectErrors, setTheme } from "./dashboard-helpers";

// The /audit page (audit log and open sessions) on the password-mode server: pictures at a
// desktop and a phone width in both themes, axe clean, no console errors, no sideways scroll.
test.use({ baseURL: AUTH_BASE_URL });

const VIEWPORTS = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
] as const;

test.beforeAll(async () => {
  const admin = await adminRequest();
  await waitForAuthSync(admin);
  // Something to show: a failed sign-in, a viewer's session and refusal, a link made and revoked.
  await (await anonymousRequest()).post("/api/auth/sign-in", { data: { password: "wrong-password-for-the-log" } });
  const viewer = await anonymousRequest();
  await viewer.post("/api/auth/sign-in", { data: { password: VIEWER_PASSWORD } });
  await viewer.post("/api/sync", { data: {} });
  const link = await (await admin.post("/api/share-links", { data: { page: "/", query: "", expires: "1d" } })).json();
  await admin.delete(`/api/share-links/${link.id}`);
});

async function adminPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ baseURL: AUTH_BASE_URL, viewport });
  const page = await context.newPage();
  const response = await page.request.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD } });
  expect(response.status()).toBe(200);
  return page;
}

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    test(`/audit at ${viewport.label}, ${theme} – axe clean, no sideways scroll`, async ({ browser }) => {
      const page = await adminPage(browser, viewport);
      const errors = collectErrors(page);
      await setTheme(page, theme);
      await page.goto("/audit");
      await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
      await expect(page.getByTestId("session-row").first()).toBeVisible();
      const rows = viewport.width < 640 ? page.getByTestId("audit-cards").locator("li") : page.getByTestId("audit-row");
      await expect(rows.first()).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/audit-${viewport.label}-${theme}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName}.${(el.getAttribute("class") ?? "").slice(0, 60)} ${el.getAttribute("data-testid") ?? ""}`),
      );
      expect(overflow, `horizontal page overflow in px: ${wide.join(" | ")}`).toBeLessThanOrEqual(0);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      expect(serious).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
}

test("/audit – filters live in the URL and narrow the rows; the CSV link carries them", async ({ browser }) => {
  const page = await adminPage(browser, { width: 1440, height: 900 });
  await page.goto("/audit");
  await page.getByTestId("audit-action").selectOption("sign-in");
  await expect(page).toHaveURL(/action=sign-in/);
  await page.getByTestId("audit-outcome").selectOption("failed");
  await expect(page).toHaveURL(/outcome=failed/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute("data-action", "sign-in");
    await expect(row).toHaveAttribute("data-outcome", "failed");
  }
  const href = await page.getByTestId("audit-csv").getAttribute("href");
  expect(href).toMatch(/^\/api\/audit\.csv\?/);
  expect(href).toMatch(/action=sign-in/);
  expect(href).toMatch(/outcome=failed/);
  await page.context().close();
});
