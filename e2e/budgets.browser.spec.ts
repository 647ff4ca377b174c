import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { collectErrors, setTheme, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

test("budgets – an admin creates a budget from a project view and sees it with its state and bar", async ({ page, request }) => {
  const errors = collectErrors(page);
  // The project that spent most this month (UTC, the demo's zone), and a budget below what it spent.
  const today = new Date().toISOString().slice(0, 10);
  const top = await (await request.get(`/api/breakdown?by=project&limit=1&from=${today.slice(0, 8)}01&to=${today}`)).json();
  const project: string = top.rows[0].key;
  const amount = Math.max(0.01, Math.floor(top.rows[0].cost * 50) / 100).toFixed(2);
  await page.goto(`/projects?range=90d&project=${encodeURIComponent(project)}`);
  await waitForSettled(page);
  await page.getByTestId("create-budget").click();
  await expect(page).toHaveURL(new RegExp(`/budgets/new\\?project=${encodeURIComponent(project).replace(/%/g, "%")}$`));
  await expect(page.getByTestId("budget-form-scope")).toHaveText(`project ${project}`);

  const name = `Top project ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Amount").fill(amount);
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page).toHaveURL(/\/budgets$/);
  const card = page.locator(`[data-name="${name}"]`);
  await expect(card).toBeVisible();
  // It has spent twice the budget already: over.
  await expect(card.getByTestId("budget-state")).toHaveText("over");
  const state = "over";
  await expect(card.getByTestId("budget-bar-actual")).toBeVisible();
  await expect(card.getByTestId("budget-bar-forecast")).toBeVisible();
  // Its actual is the dashboard's total for the project and the month.
  const link = await card.getByTestId("budget-open").getAttribute("href");
  expect(link).toMatch(/^\/\?/);
  const params = new URLSearchParams(link!.slice(2));
  expect(params.get("range")).toBe("custom");
  expect(params.getAll("project")).toEqual([project]);
  const totals = await (await request.get(`/api/totals?project=${encodeURIComponent(project)}&from=${params.get("from")}&to=${params.get("to")}`)).json();
  const dashboardCost = totals.current.costs.find((c: { currency: string }) => c.currency === "USD")?.cost ?? 0;
  const shown = (await card.getByTestId("budget-actual").textContent())!.replace(/[^0-9.]/g, "");
  expect(Number(shown)).toBeCloseTo(dashboardCost, 2);

  // Opened as the dashboard filtered to its scope and period.
  await card.getByTestId("budget-open").click();
  await expect(page).toHaveURL(/range=custom/);
  await waitForSettled(page);
  // The overview of its scope shows the budget (and only views of that exact scope do).
  await expect(page.getByTestId("view-budget").filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByTestId("view-budget").filter({ hasText: name }).getByTestId("budget-state")).toHaveText(state);
  await page.goto("/?range=30d");
  await waitForSettled(page);
  await expect(page.getByTestId("view-budget").filter({ hasText: name })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("overview – the month's forecast KPI shows a figure and its range", async ({ page }) => {
  await page.goto("/?range=30d");
  await waitForSettled(page);
  const kpi = page.getByTestId("kpi-forecast");
  await expect(kpi).toContainText(/Forecast for [A-Z][a-z]+: \$[\d,]+\.\d\d \(\$[\d,]+\.\d\d–\$[\d,]+\.\d\d\)/);
});

test("overview – the cost chart continues dashed to the month's end, and its table lists the forecast", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/?range=30d&interval=day");
  await waitForSettled(page);
  const card = page.getByTestId("cost-over-time");
  await expect(card.locator('path.recharts-curve[stroke-dasharray="5 4"]')).toHaveCount(1);
  await card.getByText("Show as table").click();
  const table = card.getByTestId("cost-over-time-table");
  await expect(table.getByRole("columnheader", { name: "Forecast" })).toBeVisible();
  // Today's row has a cost and a forecast; the month's last day has a forecast of its own.
  const forecastCells = table.locator("tbody tr td:nth-child(3)");
  await expect(forecastCells.last()).toHaveText(/^\$[\d,]+\.\d\d$/);
  const results = await new AxeBuilder({ page }).include('[data-testid="cost-over-time"]').withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // Weekly bars carry no line: a week would mix spent and expected cost.
  await page.goto("/?range=90d&interval=week");
  await waitForSettled(page);
  // (The series' totals ride along undrawn, with no stroke: the tooltip's row.)
  await expect(page.getByTestId("cost-over-time").locator('path.recharts-curve:not([stroke="none"])')).toHaveCount(0);
});

const VIEWPORTS = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
] as const;

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    for (const path of ["/budgets", "/budgets/alerts"]) {
      test(`screenshots – ${path} at ${viewport.label}, ${theme}: no axe violations, no overflow`, async ({ page, request }) => {
        // Something to show: a budget that crosses thresholds, with a channel that cannot be reached.
        await request.post("/api/budgets", {
          data: { name: "Whole deployment (screens)", amount: "500", currency: "USD", channels: [{ type: "webhook", url: "http://127.0.0.1:9/hook" }] },
        });
        const errors = collectErrors(page);
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await setTheme(page, theme);
        await page.goto(path);
        await waitForSettled(page);
        await expect(page.locator(path === "/budgets" ? '[data-testid="budget-list"]' : '[data-testid="delivery-table"]:visible, [data-testid="delivery-cards"]:visible')).toBeVisible();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "horizontal page overflow in px").toBeLessThanOrEqual(0);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        const serious = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
        expect(serious).toEqual([]);
        const name = path.replace(/\//g, "-").slice(1);
        await page.screenshot({ path: `test-results/screenshots/${name}-${viewport.label}-${theme}.png`, fullPage: true });
        expect(errors).toEqual([]);
      });
    }
  }
}
