import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseCsv } from "../lib/csv-format/rfc4180";
import { AUTH_BASE_URL } from "./auth-env";
import { waitForFirstSync } from "./dashboard-helpers";

/**
 * The contract test: the built demo app (AUTH_MODE=none: every caller is the admin) answers as
 * its own /api/openapi.json says. Each GET route is called with a representative request and
 * its JSON validated against the document's schema for that status; CSV routes must send the
 * content type and header row the document states; a few refused requests must match the
 * error schema. A route that changes its answer without its contract entry fails here.
 */

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>> };

let doc: Doc;
let ajv: Ajv2020;

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function validatorFor(path: string, method: string, status: number): ValidateFunction {
  const content = doc.paths[path]?.[method]?.responses[String(status)]?.content?.["application/json"];
  expect(content, `${method.toUpperCase()} ${path} ${status}: no JSON answer in the document`).toBeDefined();
  return ajv.compile({ $ref: `openapi.json#/${pointer("paths", path, method, "responses", String(status), "content", "application/json", "schema")}` });
}

async function expectJson(request: APIRequestContext, path: string, url: string, status = 200, method = "get", init?: { data?: unknown }) {
  const response = method === "get" ? await request.get(url) : await request.fetch(url, { method: method.toUpperCase(), ...(init ?? {}) });
  expect(response.status(), `${method.toUpperCase()} ${url}: ${await response.text()}`).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body: unknown = await response.json();
  const validate = validatorFor(path, method, status);
  expect(validate(body), `${method.toUpperCase()} ${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  return body;
}

const month = new Date().toISOString().slice(0, 7);
let from = "";
let to = "";

test.beforeAll(async ({ request }) => {
  await waitForFirstSync(request);
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  doc = (await response.json()) as Doc;
  ajv = new Ajv2020({ strict: false, validateSchema: false, validateFormats: false, allErrors: true });
  ajv.addSchema(doc as object, "openapi.json");
  // A real range of the demo data: the last 30 days of runs the series covers.
  const series = (await (await request.get("/api/timeseries")).json()) as { range: { from: string; to: string } };
  to = series.range.to;
  from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
});

test("GET /api/openapi.json – public (no credentials, AUTH_MODE=password), OpenAPI 3.1, every route under app/api", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: AUTH_BASE_URL });
  const response = await anonymous.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Doc & { openapi: string };
  expect(body.openapi).toBe("3.1.0");
  expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(["/api/breakdown", "/api/budgets/{id}", "/api/teams", "/api/chargeback.csv", "/api/openapi.json"]));
  await anonymous.dispose();
});

const GETS: [string, () => string, string][] = [
  ["/api/health", () => "/api/health", "/api/health"],
  ["/api/auth/me", () => "/api/auth/me", "/api/auth/me"],
  ["/api/sync", () => "/api/sync", "/api/sync"],
  ["/api/totals", () => `/api/totals?from=${from}&to=${to}`, "/api/totals?from=FROM&to=TO"],
  ["/api/breakdown", () => `/api/breakdown?by=project&from=${from}&to=${to}`, "/api/breakdown?by=project&from=FROM&to=TO"],
  ["/api/breakdown", () => "/api/breakdown?by=hardwareTier&sort=runs&dir=asc&limit=3", "/api/breakdown?by=hardwareTier&sort=runs&dir=asc&limit=3"],
  ["/api/timeseries", () => `/api/timeseries?interval=week&stackBy=user&top=3&from=${from}&to=${to}`, "/api/timeseries?interval=week&stackBy=user&top=3&from=FROM&to=TO"],
  ["/api/runs", () => "/api/runs?limit=20&sort=cost", "/api/runs?limit=20&sort=cost"],
  ["/api/facets", () => "/api/facets?dim=hardwareTier&limit=5", "/api/facets?dim=hardwareTier&limit=5"],
  ["/api/overview", () => `/api/overview?from=${from}&to=${to}`, "/api/overview?from=FROM&to=TO"],
  ["/api/running", () => "/api/running?limit=20", "/api/running?limit=20"],
  ["/api/forecast", () => "/api/forecast?period=month", "/api/forecast?period=month"],
  ["/api/budgets", () => "/api/budgets", "/api/budgets"],
  ["/api/alert-deliveries", () => "/api/alert-deliveries", "/api/alert-deliveries"],
  ["/api/teams", () => "/api/teams", "/api/teams"],
  ["/api/chargeback", () => `/api/chargeback?period=${month}`, "/api/chargeback?period=MONTH"],
  ["/api/audit", () => "/api/audit?pageSize=10", "/api/audit?pageSize=10"],
  ["/api/sessions", () => "/api/sessions", "/api/sessions"],
  ["/api/share-links", () => "/api/share-links", "/api/share-links"],
];

for (const [path, url, label] of GETS) {
  test(`GET ${label} – the answer matches the document`, async ({ request }) => {
    await expectJson(request, path, url());
  });
}

test("budgets – created, read, changed and deleted as the document says", async ({ request }) => {
  const created = (await expectJson(request, "/api/budgets", "/api/budgets", 201, "post", {
    data: { name: "contract test", amount: "1000.00", currency: "USD", scope: { tier: [] } },
  })) as { budget: { id: string } };
  const id = created.budget.id;
  await expectJson(request, "/api/budgets", "/api/budgets");
  await expectJson(request, "/api/budgets/{id}", `/api/budgets/${id}`);
  await expectJson(request, "/api/budgets/{id}", `/api/budgets/${id}`, 200, "patch", { data: { amount: "1500.00" } });
  await expectJson(request, "/api/budgets/{id}", "/api/budgets/no-such-budget", 404);
  expect((await request.delete(`/api/budgets/${id}`)).status()).toBe(204);
});

test("teams – the preview and a refused set-up answer as the document says", async ({ request }) => {
  const current = (await (await request.get("/api/teams")).json()) as { teams: unknown[]; rules: unknown[] };
  await expectJson(request, "/api/teams/preview", "/api/teams/preview", 200, "post", { data: { teams: current.teams, rules: current.rules } });
  await expectJson(request, "/api/teams", "/api/teams", 400, "put", { data: { teams: "not a list", rules: [] } });
});

test("share links – a new link answers as the document says", async ({ request }) => {
  await expectJson(request, "/api/share-links", "/api/share-links", 201, "post", { data: { page: "/", query: "", expires: "1d" } });
  await expectJson(request, "/api/share-links", "/api/share-links");
});

const ERRORS: [string, string, number][] = [
  ["/api/breakdown", "/api/breakdown?by=nope", 400],
  ["/api/totals", "/api/totals?from=2025-13-01", 400],
  ["/api/runs", "/api/runs?limit=0", 400],
  ["/api/chargeback", "/api/chargeback?period=2025-13", 400],
  ["/api/audit", "/api/audit?pageSize=5", 400],
];

for (const [path, url, status] of ERRORS) {
  test(`GET ${url} – refused with the document's error body`, async ({ request }) => {
    const body = (await expectJson(request, path, url, status)) as { error: { field?: string } };
    expect(body.error.field).toBeTruthy();
  });
}

const CSVS: [string, () => string, string][] = [
  ["/api/breakdown.csv", () => `/api/breakdown.csv?by=project&from=${from}&to=${to}`, "/api/breakdown.csv?by=project&from=FROM&to=TO"],
  ["/api/breakdown.csv", () => "/api/breakdown.csv?by=hardwareTier", "/api/breakdown.csv?by=hardwareTier"],
  ["/api/timeseries.csv", () => `/api/timeseries.csv?interval=week&from=${from}&to=${to}`, "/api/timeseries.csv?interval=week&from=FROM&to=TO"],
  ["/api/runs.csv", () => `/api/runs.csv?from=${to}&to=${to}`, "/api/runs.csv?from=TO&to=TO"],
  ["/api/running.csv", () => "/api/running.csv", "/api/running.csv"],
  ["/api/teams.csv", () => "/api/teams.csv", "/api/teams.csv"],
  ["/api/chargeback.csv", () => `/api/chargeback.csv?period=${month}`, "/api/chargeback.csv?period=MONTH"],
  ["/api/audit.csv", () => `/api/audit.csv?from=${new Date().toISOString().slice(0, 10)}`, "/api/audit.csv?from=${new Date().toISOString().slice(0, 10)}"],
];

for (const [path, url, label] of CSVS) {
  test(`GET ${label} – content type and header row as the document says`, async ({ request }) => {
    const media = doc.paths[path]?.get?.responses["200"]?.content ?? {};
    const [type, entry] = Object.entries(media)[0] ?? [];
    expect(type).toBe("text/csv; charset=utf-8");
    const fixed = entry!.schema["x-csv-header"] as string[];
    const exact = entry!.schema["x-csv-header-fixed"] as boolean;
    const response = await request.get(url());
    expect(response.status(), await response.text()).toBe(200);
    expect(response.headers()["content-type"]).toBe(type);
    const [header] = parseCsv((await response.body()).toString("utf8").replace(/^\uFEFF/, ""));
    if (exact) expect(header).toEqual(fixed);
    else expect(header!.filter((h) => fixed.includes(h))).toEqual(fixed);
  });
}
