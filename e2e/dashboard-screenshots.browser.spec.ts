import { test } from "@playwright/test";
import { PAGES, setTheme, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

// Pictures of every page on a desktop and a phone, saved as test artefacts to look at.
const VIEWPORTS = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
] as const;

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots – every page at ${viewport.label}, ${theme}`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await setTheme(page, theme);
      for (const { name, path } of PAGES) {
        await page.goto(`${path}?range=all`);
        await waitForSettled(page);
        await page.screenshot({ path: `test-results/screenshots/${name}-${viewport.label}-${theme}.png`, fullPage: true });
      }
    });
  }
}
