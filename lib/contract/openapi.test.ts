import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "./openapi";
import { CONTRACT, routePathOf } from "./routes";

/** Every app/api/**\/route.ts, found on disk: a new route without a contract entry fails here. */
function routeFiles(dir = "app/api"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const exportedMethods = (file: string) =>
  METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(readFileSync(file, "utf8")));

const doc = openApiDocument();
const files = routeFiles();

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1 and lists the routes on disk (38 and more)", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(files.length).toBeGreaterThanOrEqual(38);
  });

  test.each(files)("%s: every exported method is in the document", (file) => {
    const methods = exportedMethods(file);
    expect(methods.length).toBeGreaterThan(0);
    const item = doc.paths?.[routePathOf(file)] as Record<string, unknown> | undefined;
    expect(item, `no path ${routePathOf(file)} in the document`).toBeDefined();
    for (const m of methods) expect(item?.[m.toLowerCase()], `${m} ${routePathOf(file)}`).toBeDefined();
  });

  test("names no route that does not exist", () => {
    const onDisk = new Set(files.map(routePathOf));
    for (const p of Object.keys(CONTRACT)) expect(onDisk.has(p), p).toBe(true);
  });

  test("every operation has an answer, and its errors use the one error body", () => {
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>)) {
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2") || s.startsWith("3")), `${method} ${p}`).toBe(true);
        const errors = statuses.filter((x) => (op.responses[x] as { description?: string }).description?.startsWith("Error ("));
        expect(errors, `${method} ${p}`).toContain("500");
        for (const s of errors) {
          expect(op.responses[s]?.content?.["application/json"]?.schema?.$ref, `${method} ${p} ${s}`).toBe("#/components/schemas/Error");
        }
      }
    }
  });

  test("analytics routes take the shared filters and their own parameters", () => {
    const params = (doc.paths?.["/api/breakdown"] as { get: { parameters: { name: string; in: string; required?: boolean }[] } }).get.parameters;
    const names = params.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["from", "to", "tier", "project", "q", "by", "sort", "dir", "limit"]));
    expect(params.every((p) => p.in === "query")).toBe(true);
    expect(params.find((p) => p.name === "tier")?.required).not.toBe(true);
  });

  test("CSV routes state their content type and header row", () => {
    const runsCsv = (doc.paths?.["/api/runs.csv"] as { get: { responses: Record<string, { content: Record<string, { schema: { example: string } }> }> } }).get;
    const content = runsCsv.responses["200"]!.content["text/csv; charset=utf-8"]!;
    expect(content.schema.example.split(",")).toEqual(expect.arrayContaining(["runId", "totalCostAmount", "team"]));
  });

  test("the 429 of sign-in names Retry-After; path parameters are described", () => {
    const signIn = (doc.paths?.["/api/auth/sign-in"] as { post: { responses: Record<string, { headers?: Record<string, unknown> }> } }).post;
    expect(signIn.responses["429"]?.headers?.["Retry-After"]).toBeDefined();
    const budget = (doc.paths?.["/api/budgets/{id}"] as { get: { parameters: { name: string; in: string }[] } }).get;
    expect(budget.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "id", in: "path" })]));
  });
});
