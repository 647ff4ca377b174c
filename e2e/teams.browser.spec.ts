import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";
import { lastFullMonth } from "../lib/ui/periods";
import { waitForFirstSync, waitForSettled } from "./dashboard-helpers";

// The demo deployment's owners and users, read from the API so the rules match real runs.
async function facet(request: APIRequestContext, dim: string): Promise<string[]> {
  const body = await (await request.get(`/api/facets?dim=${dim}&limit=10`)).json();
  return (body.values as { value: string }[]).map((v) => v.value);
}

async function reset(request: APIRequestContext, period: string) {
  await request.post("/api/chargeback/reopen", { data: { period } });
  const put = await request.put("/api/teams", { data: { teams: [], rules: [] } });
  expect(put.status()).toBe(200);
}

const period = lastFullMonth(new Date().toISOString().slice(0, 10));

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
  await reset(request, period);
});

test.afterAll(async ({ request }) => {
  await reset(request, period);
});

test("teams and chargeback – import with an error, fix, preview, save, close the month, download, print", async ({ page, request }) => {
  test.setTimeout(120_000);
  const owners = await facet(request, "owner");
  const users = await facet(request, "user");
  expect(owners.length).toBeGreaterThan(2);
  const header = "team,cost_centre,kind,pattern\n";
  const good = `${header}Data Platform,CC-100,owner,${owners[0]}\nData Platform,CC-100,owner,${owners[1]}\nResearch,CC-200,user,${users[0]}\n`;
  const bad = `${good}Research,CC-200,group,${users[1]}\n`;

  await page.goto("/teams/manage");
  await waitForSettled(page);
  const upload = (name: string, text: string) => page.getByTestId("teams-import").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

  // The sheet with an error: its line is named, nothing is taken.
  await upload("teams-bad.csv", bad);
  const problems = page.getByTestId("teams-problems");
  await expect(problems).toContainText("teams-bad.csv was not imported");
  await expect(problems).toContainText('Line 5: unknown kind "group"');
  await expect(page.getByRole("heading", { name: "Teams (0)" })).toBeVisible();

  // Fixed: read, previewed, saved.
  await upload("teams.csv", good);
  await expect(page.getByTestId("teams-notice")).toContainText("2 teams and 3 rules read");
  await expect(page.getByTestId("teams-save")).toBeDisabled();
  await page.getByTestId("teams-preview").click();
  const preview = page.getByTestId("teams-preview-result");
  await expect(preview).toContainText(/This moves [\d,]+ runs, \$[\d,.]+ of \w+ \d{4} \(.*\), from Unallocated to Data Platform/);
  await page.getByTestId("teams-save").click();
  await expect(page.getByTestId("teams-notice")).toContainText(/Saved\. [\d,]+ runs changed team/);

  // The teams page shows the new teams at once (no re-sync).
  await page.goto("/teams?range=all");
  await waitForSettled(page);
  await expect(page.getByRole("main")).toContainText("Data Platform");
  await expect(page.getByRole("main")).toContainText("Research");

  // The statement: the deployment total equals the overview's figure for the month, to the cent.
  await page.goto(`/chargeback?period=${period}`);
  await waitForSettled(page);
  const api = await (await request.get(`/api/chargeback?period=${period}`)).json();
  const section = api.statement.sections[0];
  const from = api.statement.period.from as string;
  const to = api.statement.period.to as string;
  const totals = await (await request.get(`/api/totals?from=${from}&to=${to}`)).json();
  const overviewCost = totals.current.costs.find((c: { currency: string }) => c.currency === section.currency).cost;
  expect(section.totals.computeCents).toBe(Math.round(overviewCost * 100));
  const lines = page.getByTestId("statement-line");
  await expect(lines.filter({ hasText: "Data Platform" })).toContainText("CC-100");
  await expect(lines.last()).toContainText("Unallocated");
  await expect(page.getByTestId("statement-rounding")).toBeVisible();

  // Close the month: frozen, with who and when.
  await page.getByTestId("chargeback-close").click();
  await expect(page.getByTestId("chargeback-closed")).toContainText("Closed by");
  await expect(page.getByTestId("chargeback-reopen")).toBeVisible();

  // The ledger CSV: a row per team × tier, cost centre on each, adding up to the total.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chargeback-csv").click()]);
  const records = parseCsv(readFileSync((await download.path())!, "utf8"));
  expect(records[0]).toEqual(["period", "team", "cost_centre", "currency", "item", "runs", "compute_hours", "amount"]);
  const rows = records.slice(1).filter((r) => r[3] === section.currency);
  expect(rows.filter((r) => r[1] === "Data Platform").every((r) => r[2] === "CC-100")).toBe(true);
  const cents = rows.reduce((sum, r) => sum + Math.round(Number(r[7]) * 100), 0);
  expect(cents).toBe(section.totals.totalCents);

  // One team's statement, printed.
  await lines.filter({ hasText: "Data Platform" }).getByRole("link", { name: /Printable statement/ }).click();
  await expect(page.getByTestId("statement-page")).toHaveCount(1);
  await expect(page.getByTestId("statement-page")).toContainText("Cost centre CC-100");
  await expect(page.getByTestId("statement-page")).toContainText("Closed by");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
  await page.screenshot({ path: "test-results/screenshots/chargeback-print-data-platform.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
});
