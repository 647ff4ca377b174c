import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { ADMIN_PASSWORD, AUTH_BASE_URL } from "./auth-env";

/** A request context for the password-mode server, signed in as the admin. */
export async function adminRequest(): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: AUTH_BASE_URL });
  const response = await context.post("/api/auth/sign-in", { data: { password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return context;
}

/** A request context for the password-mode server with no credentials at all. */
export function anonymousRequest(headers: Record<string, string> = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: AUTH_BASE_URL, extraHTTPHeaders: headers });
}

/** The password-mode server syncs from its simulated Domino on start; wait until it holds runs. */
export async function waitForAuthSync(admin: APIRequestContext): Promise<number> {
  let runCount = 0;
  await expect
    .poll(
      async () => {
        const response = await admin.get("/api/sync");
        if (!response.ok()) return `status ${response.status()}`;
        const body = await response.json();
        runCount = body.runCount;
        if (!body.running && body.runCount === 0) await admin.post("/api/sync", { data: {} });
        return body.running === false && body.runCount > 0 ? "ready" : `running=${body.running} runs=${body.runCount}`;
      },
      { timeout: 120_000, intervals: [500, 1000] },
    )
    .toBe("ready");
  return runCount;
}

export interface AppRoute {
  /** A concrete path: dynamic segments filled with a sample value. */
  path: string;
  kind: "api" | "page";
  methods: string[];
}

const SAMPLE: Record<string, string> = { "[id]": "no-such-link", "[token]": "not.a-token" };

/** Every route and page of the app, read from app/, so a route added later is covered too. */
export function appRoutes(root = "app"): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        // Route groups "(x)" add no segment.
        const segment = /^\(.*\)$/.test(entry.name) ? null : (SAMPLE[entry.name] ?? entry.name);
        walk(full, segment === null ? segments : [...segments, segment]);
      } else if (/^route\.(ts|js)$/.test(entry.name)) {
        const source = readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
        routes.push({ path: `/${segments.join("/")}`, kind: "api", methods });
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        routes.push({ path: `/${segments.join("/")}`, kind: "page", methods: ["GET"] });
      }
    }
  };
  walk(root, []);
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** Open to everyone by design: signing in, health, the API's OpenAPI document, and the share-link opener (which refuses bad tokens itself). */
export function isPublicRoute(routePath: string): boolean {
  return routePath === "/sign-in" || routePath === "/api/health" || routePath === "/api/openapi.json" || routePath.startsWith("/api/auth/") || routePath.startsWith("/s/");
}
