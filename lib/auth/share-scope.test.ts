import { describe, expect, test } from "vitest";
import { parseFilters } from "@/lib/contract/filters";
import { budgetWithinShare, shareMayCall } from "./share-scope";
import { signShareToken, verifyShareToken, type ShareScope } from "./share-token";

const scope = (page: ShareScope["page"], query: string, csv = false): ShareScope => ({ id: "L1", page, query, csv, exp: Date.now() + 3_600_000 });
const tiers = scope("/tiers", "from=2024-01-01&to=2024-01-31&project=acme%2Fchurn&project=acme%2Fetl&stackBy=user");

const call = (s: ShareScope, path: string, query: string, method = "GET") => shareMayCall(s, method, path, new URLSearchParams(query));
const F = "from=2024-01-01&to=2024-01-31&project=acme/churn&project=acme/etl";

describe("a shared view's API requests", () => {
  test.each([
    ["the same filters", "/api/totals", F],
    ["a narrower date range", "/api/breakdown", "from=2024-01-10&to=2024-01-20&project=acme/churn&by=project"],
    ["one of the projects", "/api/timeseries", "from=2024-01-01&to=2024-01-31&project=acme/etl&interval=day"],
    ["an added filter on another dimension", "/api/totals", `${F}&tier=Large`],
    ["a picker for another dimension", "/api/facets", `${F}&dim=hardwareTier&q=lar`],
    ["the overview in one request", "/api/overview", `${F}&interval=week&stackBy=user&top=8&limit=6`],
    ["sync status", "/api/sync", ""],
  ])("allowed: %s", (_n, path, query) => {
    expect(call(tiers, path, query)).toEqual({ ok: true });
  });

  test.each([
    ["no date range", "/api/totals", "project=acme/churn"],
    ["an earlier start", "/api/totals", F.replace("from=2024-01-01", "from=2023-12-31")],
    ["a later end", "/api/totals", F.replace("to=2024-01-31", "to=2024-02-01")],
    ["another project", "/api/totals", "from=2024-01-01&to=2024-01-31&project=other/x"],
    ["the project filter dropped", "/api/breakdown", "from=2024-01-01&to=2024-01-31&by=project"],
    ["the overview without the project filter", "/api/overview", "from=2024-01-01&to=2024-01-31&interval=day"],
    ["single runs from a tiers link", "/api/runs", F],
    ["a picker listing other projects", "/api/facets", `${F}&dim=project`],
    ["CSV when the link does not allow it", "/api/totals.csv", F],
    ["a write", "/api/sync", "", "POST"],
    ["share links", "/api/share-links", ""],
    ["an unknown route", "/api/admin-things", F],
    ["malformed filters", "/api/totals", "from=yesterday"],
  ])("refused: %s", (_n, path, query, method = "GET") => {
    expect(call(tiers, path, query, method).ok).toBe(false);
  });

  test("a runs link lists runs and downloads CSV when allowed", () => {
    const runs = scope("/runs", "status=Failed&q=train", true);
    expect(call(runs, "/api/runs", "status=Failed&q=training&sort=cost").ok).toBe(true);
    expect(call(runs, "/api/runs.csv", "status=Failed&q=train").ok).toBe(true);
    expect(call(runs, "/api/runs", "status=Failed").ok).toBe(false);
    // In /api/facets the runs' text filter is filterQ; q is the picker's own search.
    expect(call(runs, "/api/facets", "status=Failed&filterQ=train&dim=user&q=zz").ok).toBe(true);
    expect(call(runs, "/api/facets", "status=Failed&dim=user&q=train").ok).toBe(false);
  });

  test("running now: the summary from any shared page, the list and its CSV only from a shared /running", () => {
    expect(call(tiers, "/api/running", `${F}&limit=0`).ok).toBe(true);
    expect(call(tiers, "/api/running", F).ok).toBe(false);
    expect(call(tiers, "/api/running", `${F}&limit=10`).ok).toBe(false);
    expect(call(tiers, "/api/running", "limit=0").ok).toBe(false);
    const running = scope("/running", "runType=App", true);
    expect(call(running, "/api/running", "runType=App&sort=cost").ok).toBe(true);
    expect(call(running, "/api/running.csv", "runType=App").ok).toBe(true);
    expect(call(running, "/api/running", "runType=Batch").ok).toBe(false);
    expect(call(scope("/running", "", false), "/api/running.csv", "").ok).toBe(false);
    expect(call(scope("/", "", true), "/api/running.csv", "limit=0").ok).toBe(false);
  });
});

describe("share tokens", () => {
  const secret = Buffer.from("a-test-secret-of-at-least-32-characters!!");
  test("valid, expired, tampered", () => {
    const s = { ...tiers, exp: 2_000 };
    const token = signShareToken(secret, s);
    expect(verifyShareToken(secret, token, 1_999)).toEqual({ status: "ok", scope: s });
    expect(verifyShareToken(secret, token, 2_000)).toEqual({ status: "expired", scope: s });
    const [body, sig] = token.split(".");
    const widened = Buffer.from(Buffer.from(body!, "base64url").toString().replace("acme%2Fchurn&", "")).toString("base64url");
    expect(verifyShareToken(secret, `${widened}.${sig}`, 1_000)).toEqual({ status: "tampered" });
    expect(verifyShareToken(secret, "nonsense", 1_000)).toEqual({ status: "tampered" });
  });
});

describe("a shared teams view", () => {
  const teams = scope("/teams", "from=2024-01-01&to=2024-01-31&team=Data%20Platform&costCentre=CC-100");
  const T = "from=2024-01-01&to=2024-01-31&team=Data Platform&costCentre=CC-100";
  test.each([
    ["its own breakdown by team", "/api/breakdown", `${T}&by=team`],
    ["a drill-down to a tier inside it", "/api/totals", `${T}&tier=Large`],
  ])("allowed: %s", (_n, path, query) => {
    expect(call(teams, path, query)).toEqual({ ok: true });
  });
  test.each([
    ["another team", "/api/breakdown", "from=2024-01-01&to=2024-01-31&team=Research&costCentre=CC-100&by=team"],
    ["the team filter dropped", "/api/breakdown", "from=2024-01-01&to=2024-01-31&costCentre=CC-100&by=team"],
    ["the cost centre dropped", "/api/totals", "from=2024-01-01&to=2024-01-31&team=Data Platform"],
    ["the chargeback statement", "/api/chargeback", "period=2024-01"],
    ["the team rules", "/api/teams", ""],
  ])("refused: %s", (_n, path, query) => {
    expect(call(teams, path, query).ok).toBe(false);
  });
});

describe("a shared view's forecast and budgets", () => {
  // A "last 30 days" overview of two projects, made on 2026-12-06.
  const overview = scope("/", "from=2026-11-07&to=2026-12-06&project=acme%2Fchurn&project=acme%2Fetl");
  const forecast = (s: ShareScope, query: string, today: string | null = "2026-12-06") =>
    shareMayCall(s, "GET", "/api/forecast", new URLSearchParams(query), today ?? undefined);

  test("the month's forecast within the link's filters, when its dates hold the month so far", () => {
    expect(forecast(overview, "project=acme/churn&project=acme/etl&period=month")).toEqual({ ok: true });
    // A drill-down inside the view.
    expect(forecast(overview, "project=acme/churn&period=month")).toEqual({ ok: true });
    // An open-ended link holds any period.
    expect(forecast(scope("/", "tier=GPU"), "tier=GPU&period=year")).toEqual({ ok: true });
  });

  test.each([
    ["without the link's project filter", "period=month", "2026-12-06"],
    ["another project", "project=other/x&period=month", "2026-12-06"],
    ["a quarter that started before the link's dates", "project=acme/churn&period=quarter", "2026-12-06"],
    ["a month the link's dates no longer reach", "project=acme/churn&period=month", "2027-01-02"],
    ["a period that is not one", "project=acme/churn&period=week", "2026-12-06"],
    ["no date known to the caller", "project=acme/churn&period=month", null],
  ])("refused: %s", (_n, query, today) => {
    expect(forecast(overview, query, today).ok).toBe(false);
  });

  test("a link whose dates start after the month's first day is refused the month's forecast", () => {
    const lastThreeDays = scope("/", "from=2026-12-04&to=2026-12-06");
    expect(forecast(lastThreeDays, "period=month").ok).toBe(false);
  });

  test("the budget list is read-only: GET only, one budget's own route is not part of it", () => {
    expect(call(overview, "/api/budgets", "")).toEqual({ ok: true });
    expect(call(overview, "/api/budgets", "", "POST").ok).toBe(false);
    expect(call(overview, "/api/budgets/abc", "").ok).toBe(false);
    expect(call(overview, "/api/budgets/abc", "", "DELETE").ok).toBe(false);
  });

  test("a budget is within the link when its scope is as narrow as the link's filters or narrower", () => {
    expect(budgetWithinShare(overview, parseFilters(new URLSearchParams("project=acme/churn")))).toBe(true);
    expect(budgetWithinShare(overview, parseFilters(new URLSearchParams("project=acme/churn&tier=GPU")))).toBe(true);
    expect(budgetWithinShare(overview, parseFilters(new URLSearchParams("")))).toBe(false);
    expect(budgetWithinShare(overview, parseFilters(new URLSearchParams("project=acme/churn&project=other/x")))).toBe(false);
    expect(budgetWithinShare(scope("/", "from=2026-11-07&to=2026-12-06"), parseFilters(new URLSearchParams("")))).toBe(true);
  });
});
