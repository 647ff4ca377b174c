import { expect, request as playwrightRequest, test } from "@playwright/test";
import { AUTH_BASE_URL } from "./auth-env";

/**
 * Static files in public/ reach everyone, also where signing in is required: robots.txt keeps
 * shared views, the API and the gateway endpoint out of search indexes; the icon is the tab's.
 */
for (const [server, baseURL] of [
  ["demo server", undefined],
  ["password-mode server, not signed in", AUTH_BASE_URL],
] as const) {
  test(`GET /robots.txt and /icon.png – ${server}: served from public/, no sign-in`, async ({ baseURL: demoURL }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL: baseURL ?? demoURL });
    try {
      const robots = await anonymous.get("/robots.txt", { maxRedirects: 0 });
      expect(robots.status()).toBe(200);
      expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
      const lines = (await robots.text()).split("\n").map((line) => line.trim());
      expect(lines).toEqual(expect.arrayContaining(["User-agent: *", "Disallow: /s/", "Disallow: /api/", "Disallow: /v4/"]));
      const icon = await anonymous.get("/icon.png", { maxRedirects: 0 });
      expect(icon.status()).toBe(200);
      expect(icon.headers()["content-type"]).toBe("image/png");
      // The PNG signature: a real image, not a page about one.
      expect((await icon.body()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // Kept by the browser for a day: every filter change moves the address, and browsers ask for the icon again then.
      expect(icon.headers()["cache-control"]).toBe("public, max-age=86400");
    } finally {
      await anonymous.dispose();
    }
  });
}

test("pages link the icon from public/", async ({ request }) => {
  const html = await (await request.get("/")).text();
  expect(html).toMatch(/<link rel="icon" href="\/icon\.png"/);
});
