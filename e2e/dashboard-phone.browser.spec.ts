import { expect, test } from "@playwright/test";
import { PAGES, collectErrors, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

// A 390×844 phone: every page reads top to bottom, nothing needs a sideways swipe.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

test("phone – runs are cards with cost, status and tier; a tap opens the details; sorting is a select", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/runs?range=all");
  await waitForSettled(page);
  await expect(page.getByTestId("runs-table")).toBeHidden();
  const cards = page.getByTestId("run-card");
  await expect(cards).toHaveCount(50);
  // Each card fits the screen: nothing inside it reaches past the right edge.
  const widest = await cards.evaluateAll((items) => Math.max(...items.map((item) => item.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(390);
  await expect(cards.first()).toContainText("$");

  // Sort by cost, highest first: the URL holds it and the first card costs the most.
  await page.getByLabel("Sort by").selectOption("cost");
  await expect(page).toHaveURL(/[?&]sort=cost/);
  await waitForSettled(page);
  const costs = await page
    .getByTestId("run-card-open")
    .evaluateAll((buttons) => buttons.map((b) => Number((b.getAttribute("aria-label") ?? "").match(/: [^\d-]*([\d,.]+)/)?.[1]?.replace(/,/g, ""))));
  expect(costs.length).toBe(50);
  expect([...costs].sort((a, b) => b - a)).toEqual(costs);
  await page.getByRole("button", { name: /switch to ascending/ }).click();
  await expect(page).toHaveURL(/[?&]dir=asc/);
  await waitForSettled(page);

  // A tap opens the run's details; the URL names the run.
  await page.getByTestId("run-card-open").first().click();
  await expect(page).toHaveURL(/[?&]run=/);
  await expect(page.getByTestId("run-details")).toBeVisible();
  expect(errors).toEqual([]);
});

for (const { name, path } of PAGES) {
  test(`phone – ${name} has no sideways scrolling, not even inside a card`, async ({ page }) => {
    await page.goto(`${path}?range=all`);
    await waitForSettled(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "page wider than the screen, px").toBeLessThanOrEqual(0);
    // Scrolling boxes that are wider inside than out: a table to swipe.
    const swipes = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("main *")]
        .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "auto")
        .map((el) => `${el.tagName.toLowerCase()}.${el.className.split(" ").slice(0, 3).join(".")} ${el.scrollWidth}>${el.clientWidth}`),
    );
    expect(swipes).toEqual([]);
  });
}
