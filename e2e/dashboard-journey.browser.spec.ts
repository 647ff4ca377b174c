import { expect, test } from "@playwright/test";
import { collectErrors, waitForFirstSync, waitForSettled } from "./dashboard-helpers";

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
});

function number(text: string | null): number {
  // "$1.2k" / "12,345" / "1.2k" → a comparable number.
  const match = (text ?? "").replace(/[$€£,]/g, "").match(/(-?[\d.]+)\s*([kMBT]?)/);
  if (!match) return Number.NaN;
  const scale = { "": 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match[2] as "" | "k" | "M" | "B" | "T"];
  return Number(match[1]) * scale;
}

test("overview – last 90 days, drill into a tier, sort projects, open a project's runs, reload and go back", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/");
  await waitForSettled(page);

  // Pick "last 90 days": the URL holds it.
  await page.getByLabel("Date range").selectOption("90d");
  await expect(page).toHaveURL(/[?&]range=90d/);
  await waitForSettled(page);
  const runsBefore = number(await page.getByTestId("kpi-runs-value").getAttribute("title"));
  expect(runsBefore).toBeGreaterThan(0);

  // Click the top hardware tier's bar: the tier joins the filters and everything narrows.
  const topTier = page.getByTestId("top-bars-hardwareTier").getByTestId("top-bar").first();
  const tier = await topTier.getAttribute("data-key");
  expect(tier).toBeTruthy();
  await topTier.click();
  await expect(page).toHaveURL(new RegExp(`[?&]tier=${encodeURIComponent(tier!).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await expect(page.getByTestId("filter-chips")).toContainText(`Hardware tier: ${tier}`);
  await waitForSettled(page);
  const runsAfter = number(await page.getByTestId("kpi-runs-value").getAttribute("title"));
  expect(runsAfter).toBeGreaterThan(0);
  expect(runsAfter).toBeLessThan(runsBefore);
  // Every top project now ranks within that tier only.
  await expect(page.getByTestId("top-bars-hardwareTier").getByTestId("top-bar")).toHaveCount(1);

  // The projects page keeps the filters; sort its table by runs.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/projects\?.*range=90d/);
  await expect(page).toHaveURL(/tier=/);
  await waitForSettled(page);
  await page.getByRole("button", { name: /^Runs/ }).click();
  await expect(page).toHaveURL(/[?&]sort=runs/);
  await waitForSettled(page);
  const runCells = page.getByTestId("breakdown-row").locator("td:nth-child(7)");
  const runCounts = (await runCells.allTextContents()).map(number);
  expect(runCounts.length).toBeGreaterThan(1);
  expect([...runCounts].sort((a, b) => b - a)).toEqual(runCounts);
  await expect(page.getByRole("columnheader", { name: /^Runs/ })).toHaveAttribute("aria-sort", "descending");
  const projectsUrl = page.url();

  // Open the runs of the first project.
  const firstRow = page.getByTestId("breakdown-row").first();
  const project = await firstRow.getAttribute("data-key");
  await firstRow.getByTestId("breakdown-key-link").click();
  await expect(page).toHaveURL(/\/runs\?/);
  await expect(page).toHaveURL(new RegExp(`project=${encodeURIComponent(project!).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  await waitForSettled(page);
  const projectCells = page.getByTestId("run-row").locator("td:nth-child(3)");
  const projects = await projectCells.allTextContents();
  expect(projects.length).toBeGreaterThan(0);
  expect(new Set(projects)).toEqual(new Set([project]));
  const runsUrl = page.url();
  const firstRunTitle = await page.getByTestId("run-row").first().locator("td:nth-child(2)").textContent();

  // A reload shows exactly the same view.
  await page.reload();
  await waitForSettled(page);
  expect(page.url()).toBe(runsUrl);
  await expect(page.getByTestId("run-row").first().locator("td:nth-child(2)")).toHaveText(firstRunTitle ?? "");
  await expect(page.getByTestId("filter-chips")).toContainText(`Project: ${project}`);
  await expect(page.getByLabel("Date range")).toHaveValue("90d");

  // Back: the sorted projects table again.
  await page.goBack();
  await expect(page).toHaveURL(projectsUrl);
  await waitForSettled(page);
  await expect(page.getByRole("columnheader", { name: /^Runs/ })).toHaveAttribute("aria-sort", "descending");
  expect(errors).toEqual([]);
});

test("overview – clicking a segment of the cost chart filters to its key", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/?range=30d");
  await waitForSettled(page);
  const chart = page.getByTestId("cost-over-time");
  await chart.locator("svg").scrollIntoViewIfNeeded();
  // The tallest segment: a key's share of one day's bar, drawn in that key's legend colour. Each
  // key's segments are the rectangles of its one path ("M left,top h width V bottom h -width Z").
  const target = await chart.locator("svg path.cursor-pointer").evaluateAll((paths) => {
    const segments = (paths as SVGPathElement[]).flatMap((path) =>
      [...(path.getAttribute("d") ?? "").matchAll(/M([\d.]+),([\d.]+)h([\d.]+)V([\d.]+)/g)].map((m) => {
        const [left, top, width, bottom] = m.slice(1).map(Number) as [number, number, number, number];
        const centre = new DOMPoint(left + width / 2, (top + bottom) / 2).matrixTransform(path.getScreenCTM()!);
        return { height: bottom - top, x: centre.x, y: centre.y, fill: path.getAttribute("fill") };
      }),
    );
    const tallest = segments.sort((a, b) => b.height - a.height)[0]!;
    return { x: tallest.x, y: tallest.y, fill: tallest.fill };
  });
  const legendItem = chart.locator("button", { has: page.locator(`span[style*="${target.fill}"]`) }).first();
  const tier = (await legendItem.getAttribute("aria-label"))?.match(/Filter to hardware tier (.+?)(:|$)/)?.[1];
  expect(tier).toBeTruthy();
  await page.mouse.click(target.x, target.y);
  await expect(page.getByTestId("filter-chips")).toContainText(`Hardware tier: ${tier}`);
  await waitForSettled(page);
  // Stacked by tier and filtered to one, the chart holds that tier alone.
  await expect(chart.getByRole("button", { name: /^Filter to hardware tier/ })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("runs – selecting a run shows all its fields; the selection is in the URL", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/runs?range=all&sort=cost");
  await waitForSettled(page);
  await page.getByTestId("run-open").first().click();
  await expect(page).toHaveURL(/[?&]run=/);
  const details = page.getByTestId("run-details");
  await expect(details).toBeVisible();
  for (const label of ["Run ID", "Batch ID", "Hardware tier", "Tier price", "Queued", "Started", "Ended", "Total cost", "Command"]) {
    await expect(details.getByText(label, { exact: true })).toBeVisible();
  }
  await page.reload();
  await expect(page.getByTestId("run-details")).toBeVisible();
  await page.getByRole("button", { name: "Close run details" }).click();
  await expect(page).not.toHaveURL(/[?&]run=/);
  expect(errors).toEqual([]);
});

test("filters – type-ahead picker adds a value, the chip removes it, back restores it", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/users?range=all");
  await waitForSettled(page);
  await page.getByTestId("filter-runType").click();
  const dialog = page.getByRole("dialog", { name: /run type/i });
  await expect(dialog.getByRole("checkbox").first()).toBeVisible();
  const first = dialog.getByRole("checkbox").first();
  const value = (await first.locator("xpath=..").textContent())?.replace(/[\d,.k]+$/, "").trim();
  await dialog.getByRole("searchbox").fill(value!.slice(0, 3));
  await expect(dialog.getByRole("checkbox", { name: new RegExp(value!) }).first()).toBeVisible();
  await dialog.getByRole("checkbox").first().check();
  await expect(page).toHaveURL(/[?&]runType=/);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  const chip = page.getByRole("button", { name: /^Remove filter Run type:/ });
  await expect(chip).toHaveCount(1);
  await chip.click();
  await expect(page).not.toHaveURL(/runType=/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]runType=/);
  await expect(page.getByRole("button", { name: /^Remove filter Run type:/ })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("overview – a filter that matches nothing says why", async ({ page }) => {
  await page.goto("/?range=all&user=nobody-by-this-name");
  await waitForSettled(page);
  await expect(page.getByTestId("empty-state").first()).toContainText("match 1 active filter");
  await expect(page.getByTestId("kpi-runs-value")).toHaveText("0");
});

test("overview – an API error shows the server's message and a retry", async ({ page }) => {
  await page.route("**/api/overview?*", (route) =>
    route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "bad_request", message: "from: broken on purpose" } }) }),
  );
  await page.goto("/");
  // The first load also hydrates the page and its chart chunk: give a busy machine time.
  await expect(page.getByTestId("error-state").first()).toContainText("from: broken on purpose", { timeout: 20_000 });
  await page.unroute("**/api/overview?*");
  await page.getByTestId("error-state").first().getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("kpi-cost-value")).toBeVisible();
});
