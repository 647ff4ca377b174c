import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { PAGES, collectErrors, setTheme, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

for (const theme of ["light", "dark"] as const) {
  for (const { name, path } of PAGES) {
    test(`${name} page – ${theme} theme: no serious or critical axe violations, no console errors`, async ({ page }) => {
      const errors = collectErrors(page);
      await setTheme(page, theme);
      await page.goto(`${path}?range=all`);
      await waitForSettled(page);
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark).*$/);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")})`);
      expect(serious).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
}

test("overview – every control is reachable by keyboard with a visible focus ring", async ({ page }) => {
  await page.goto("/?range=all");
  await waitForSettled(page);
  const seen = new Set<string>();
  const reachedAll = () =>
    ["Overview", "Copy link", "Show as table"].every((label) => seen.has(label)) &&
    [...seen].some((label) => label.startsWith("Filter to hardware tier"));
  // Tab until the last control asked for (a top tier bar, below the chart) has had focus.
  for (let i = 0; i < 70 && !reachedAll(); i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        label: el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? el.tagName,
        outline: style.outlineStyle,
        // Focus inside something hidden from assistive technology is focus nobody can name.
        hidden: el.closest('[aria-hidden="true"]') !== null,
      };
    });
    if (focused) {
      seen.add(focused.label);
      expect(focused.outline, `focus ring on ${focused.label}`).not.toBe("none");
      expect(focused.hidden, `${focused.label} takes focus inside aria-hidden`).toBe(false);
    }
  }
  expect([...seen]).toEqual(expect.arrayContaining(["Overview", "Copy link", "Show as table"]));
  expect([...seen].some((label) => label.startsWith("Filter to hardware tier"))).toBe(true);
});

test("overview – the cost chart's table alternative opens with a row per bar and a column per key", async ({ page }) => {
  await page.goto("/?range=90d&interval=week");
  await waitForSettled(page);
  const keys = await page.getByRole("list", { name: "Legend" }).getByRole("listitem").count();
  expect(keys).toBeGreaterThan(0);
  await page.getByText("Show as table", { exact: true }).click();
  const table = page.getByTestId("cost-over-time-table");
  await expect(table).toBeVisible();
  // 91 days span 13 or 14 Monday-based weeks; columns: the week, the total, then each key.
  const rows = await table.locator("tbody tr").count();
  expect(rows).toBeGreaterThanOrEqual(13);
  expect(rows).toBeLessThanOrEqual(14);
  await expect(table.locator("thead th")).toHaveCount(2 + keys);
  const results = await new AxeBuilder({ page }).include('[data-testid="cost-over-time"]').withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
