import { expect, test } from "@playwright/test";

test("home page – loads in demo mode without console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/");
  await expect(page.getByTestId("mode")).toContainText("Demo mode");
  expect(errors).toEqual([]);
});
