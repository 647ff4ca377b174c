import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CONTRACT, routePathOf, type Method } from "@/lib/contract/routes";
import { ACCESS_MARK, type Access } from "./handler";

/** Every app/api/**\/route.ts on disk, so a new route is checked without being listed here. */
function routeFiles(dir = "app/api"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

describe("every route states its access in its handler", () => {
  test.each(routeFiles())("%s", async (file) => {
    const mod = (await import(path.resolve(file))) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => typeof mod[m] === "function");
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) {
      const access = (mod[method] as { [ACCESS_MARK]?: Access })[ACCESS_MARK];
      expect(access, `${method} ${file}: export it as handle({ access }, fn)`).toMatch(/^(public|viewer|admin)$/);
      // The document says the same as the handler checks.
      expect(CONTRACT[routePathOf(file)]?.[method as Method]?.access, `${method} ${file} in lib/contract/routes.ts`).toBe(access);
    }
  });
});
