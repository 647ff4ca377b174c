import { beforeAll, expect, test } from "vitest";

beforeAll(() => {
  // env() reads process.env once, on first use: set it before the module runs.
  process.env.DOMINO_API_HOST = "https://domino.example.com/";
  process.env.DOMINO_USER_API_KEY = "secret-key";
  process.env.DOMINO_PAGE_LIMIT = "500";
  process.env.DOMINO_TIMEOUT_MS = "12000";
});

test("with DOMINO_API_HOST set, the upstream is Domino, from the settings", async () => {
  const { getUpstream } = await import("./upstream");
  expect(await getUpstream()).toEqual({
    baseUrl: "https://domino.example.com",
    auth: { kind: "api-key", secret: "secret-key" },
    limit: 500,
    timeoutMs: 12000,
  });
});
