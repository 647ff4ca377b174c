import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** The demo data arrives with the first sync: wait until it has finished and stored runs. */
export async function waitForFirstSync(request: APIRequestContext): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/sync");
        if (!response.ok()) return `status ${response.status()}`;
        const body = await response.json();
        return body.running === false && body.runCount > 0 ? "ready" : `running=${body.running} runs=${body.runCount}`;
      },
      { timeout: 180_000, intervals: [500, 1000, 2000] },
    )
    .toBe("ready");
}

/** Every card has its answer: no skeleton left, nothing fetching. */
export async function waitForSettled(page: Page): Promise<void> {
  await expect(page.locator(".skeleton")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
}

/** Collects console errors and page errors, for a "no console errors" assertion. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  await page.addInitScript((value) => localStorage.setItem("runledger-theme", value), theme);
}

export const PAGES = [
  { name: "overview", path: "/" },
  { name: "tiers", path: "/tiers" },
  { name: "projects", path: "/projects" },
  { name: "users", path: "/users" },
  { name: "runs", path: "/runs" },
  { name: "running", path: "/running" },
  { name: "teams", path: "/teams" },
  { name: "teams-manage", path: "/teams/manage" },
  { name: "chargeback", path: "/chargeback" },
] as const;
