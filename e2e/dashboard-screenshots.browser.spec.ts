import { expect, test } from "@playwright/test";
import { PAGES, setTheme, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

// Pictures of every page on a desktop and a phone, saved as test artefacts to look at.
const VIEWPORTS = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
] as const;

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

// One test per picture: each stays far inside the timeout on a loaded 2-core machine.
for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    for (const { name, path } of PAGES) {
      test(`screenshots – ${name} at ${viewport.label}, ${theme}`, async ({ page }) => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await setTheme(page, theme);
        await page.goto(`${path}?range=all`);
        await waitForSettled(page);
        // Wide tables scroll inside their card; the page itself never scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "horizontal page overflow in px").toBeLessThanOrEqual(0);
        await page.screenshot({ path: `test-results/screenshots/${name}-${viewport.label}-${theme}.png`, fullPage: true });
      });
    }
  }
}
