import { expect, test, type Page } from "@playwright/test";
import { waitForFirstSync, waitForSettled } from "./dashboard-helpers";

/**
 * What a filter change looks like while its answer is on the way: one request for every card,
 * the old figures kept at full strength unless the wait is long (then the cards dim), and
 * nothing on the page moving when the first filter is added.
 */

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

/** Records, from the click on, when any card dims and every API request made. */
async function watchChange(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number | null; __dimmedAt: number | null };
    w.__clickAt = null;
    w.__dimmedAt = null;
    document.addEventListener("click", () => (w.__clickAt ??= performance.now()), { capture: true, once: true });
    new MutationObserver(() => {
      if (w.__dimmedAt === null && document.querySelector(".opacity-70")) w.__dimmedAt = performance.now();
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
  });
}

const tierBar = (page: Page) => page.getByTestId("top-bars-hardwareTier").getByTestId("top-bar").first();

test("overview – a filter change asks once, and a slow answer dims the cards only after 300 ms", async ({ page }) => {
  await page.goto("/?range=all");
  await waitForSettled(page);
  const apiCalls: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/api/") && pathname !== "/api/sync" && pathname !== "/api/forecast") apiCalls.push(pathname);
  });
  // The answer takes 1.5 s: long enough for the cards to say they are waiting.
  await page.route("**/api/overview?*", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  const runsBefore = await page.getByTestId("kpi-runs-value").textContent();
  await watchChange(page);
  await tierBar(page).click();

  // While waiting, the old figures stay; the cards dim once the wait passes 300 ms.
  await expect(page.getByTestId("kpis")).toHaveAttribute("aria-busy", "true");
  await expect(page.getByTestId("kpis")).toHaveClass(/opacity-70/);
  expect(await page.getByTestId("kpi-runs-value").textContent()).toBe(runsBefore);
  const { clickAt, dimmedAt } = await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number; __dimmedAt: number };
    return { clickAt: w.__clickAt, dimmedAt: w.__dimmedAt };
  });
  expect(dimmedAt - clickAt).toBeGreaterThanOrEqual(300);

  // The answer lands: nothing dimmed, new figures, and it came in one request for every card.
  await waitForSettled(page);
  await expect(page.locator(".opacity-70")).toHaveCount(0);
  await expect(page.getByTestId("kpi-runs-value")).not.toHaveText(runsBefore ?? "");
  await expect(page.getByTestId("running-count-value")).toBeVisible();
  expect(apiCalls).toEqual(["/api/overview"]);
});

test("overview – adding the first filter and clearing it move nothing below the filter bar", async ({ page }) => {
  await page.goto("/?range=all");
  await waitForSettled(page);
  const top = () => page.getByTestId("kpis").evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  await expect(page.getByTestId("no-filter-chips")).toBeVisible();
  await tierBar(page).click();
  await expect(page.getByTestId("filter-chips")).toBeVisible();
  expect(await top()).toBe(before);
  await page.getByRole("button", { name: "Clear all" }).click();
  await expect(page.getByTestId("no-filter-chips")).toBeVisible();
  expect(await top()).toBe(before);
});
