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
  for (let i = 0; i < 70; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return { label: el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? el.tagName, outline: style.outlineStyle };
    });
    if (focused) {
      seen.add(focused.label);
      expect(focused.outline, `focus ring on ${focused.label}`).not.toBe("none");
    }
  }
  expect([...seen]).toEqual(expect.arrayContaining(["Overview", "Copy link"]));
  expect([...seen].some((label) => label.startsWith("Filter to hardware tier"))).toBe(true);
});
