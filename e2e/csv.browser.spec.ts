import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";

/**
 * The journey finance takes: set filters on a page, click "Download CSV", open the file.
 * The file holds as many runs as the page's KPI says and its cost sums to the page's total.
 */

test.beforeAll(async ({ request }) => {
  await expect
    .poll(async () => (await (await request.get("/api/sync")).json()).dataAsOf ?? null, { timeout: 60_000, intervals: [500, 1000] })
    .not.toBeNull();
});

function centsTotal(amounts: string[]): number {
  let micros = 0n;
  for (const text of amounts) {
    const negative = text.startsWith("-");
    const [whole, fraction = ""] = text.replace("-", "").split(".");
    const value = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
    micros += negative ? -value : value;
  }
  return Number((micros + (micros >= 0n ? 5_000n : -5_000n)) / 10_000n) / 100;
}

test("runs page – Download CSV holds the filtered runs, as many as the page counts, totalling their cost", async ({ page, request }) => {
  const tiers = await (await request.get("/api/facets?dim=hardwareTier&limit=5")).json();
  const tier = tiers.values[0].value as string;
  await page.goto(`/runs?range=90d&tier=${encodeURIComponent(tier)}&sort=cost&dir=desc`);
  await expect(page.getByRole("heading", { name: /runs$/i }).first()).toBeVisible();
  const link = page.getByTestId("download-csv");
  await expect(link).toHaveAttribute("href", /\/api\/runs\.csv\?/);
  const href = (await link.getAttribute("href"))!;
  expect(new URL(href, page.url()).searchParams.getAll("tier")).toEqual([tier]);

  // The page's own count of the runs under its filters.
  const title = page.locator("#runs-title");
  await expect(title).toHaveText(/^[\d,]+ runs$/, { timeout: 30_000 });
  const shown = Number((await title.textContent())!.replace(/[^\d]/g, ""));

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^runledger-runs_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_tier-.+\.csv$/);
  const [header, ...rows] = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(header!.slice(0, 3)).toEqual(["batchId", "runId", "title"]);

  // The dashboard's totals for the same filters.
  const query = new URL(href, page.url()).searchParams;
  query.delete("sort");
  query.delete("dir");
  const totals = await (await request.get(`/api/totals?${query}`)).json();
  expect(rows).toHaveLength(totals.current.runs);
  expect(rows).toHaveLength(shown);
  const tierColumn = header!.indexOf("hardwareTier");
  expect(rows.every((r) => r[tierColumn] === tier || r[tierColumn] === `'${tier}`)).toBe(true);
  const currency = header!.indexOf("totalCostCurrency");
  const amount = header!.indexOf("totalCostAmount");
  const main = totals.current.costs[0];
  expect(centsTotal(rows.filter((r) => r[currency] === main.currency).map((r) => r[amount]!))).toBe(main.cost);

});

test("tiers page – Download CSV holds every tier row of the table", async ({ page, request }) => {
  await page.goto("/tiers?range=all&sort=runs&dir=desc");
  const link = page.getByTestId("download-csv");
  await expect(link).toHaveAttribute("href", /\/api\/breakdown\.csv\?.*by=hardwareTier/);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const [header, ...rows] = parseCsv(await readFile((await download.path())!, "utf8"));
  const json = await (await request.get("/api/breakdown?by=hardwareTier&limit=10000")).json();
  expect(rows).toHaveLength(json.rows.length);
  const runs = rows.map((r) => Number(r[header!.indexOf("runs")]));
  expect(runs).toEqual([...runs].sort((a, b) => b - a));
  const excel = page.getByTestId("download-csv-excel");
  await expect(excel).toHaveAttribute("href", /format=excel/);
});
