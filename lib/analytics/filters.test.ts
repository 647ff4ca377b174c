import { describe, expect, test } from "vitest";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { filterClause } from "./filters";
import { filtersQuery as filtersKey, noFilters, parseFilters, parseQuery } from "@/lib/contract/filters";

const parse = (query: string, extra: string[] = []) => parseFilters(new URLSearchParams(query), extra);

function rejection(fn: () => unknown): { code: string; field?: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    return { code: e.code, field: e.field, message: e.message };
  }
  throw new Error("expected a rejection");
}

describe("parseFilters", () => {
  test("reads every filter; lists repeat; empty values are no filter", () => {
    expect(parse("from=2024-01-01&to=2024-01-31&tier=Small&tier=Large&project=a/b&user=u&owner=o&runType=Batch&status=Failed&team=Data%20Platform&costCentre=CC-1&q=%20train%20&user=")).toEqual({
      from: "2024-01-01",
      to: "2024-01-31",
      tier: ["Small", "Large"],
      project: ["a/b"],
      user: ["u"],
      owner: ["o"],
      runType: ["Batch"],
      status: ["Failed"],
      team: ["Data Platform"],
      costCentre: ["CC-1"],
      q: "train",
    });
    expect(parse("")).toEqual(noFilters());
  });

  test.each([
    ["unknown parameter", "tiers=Small", "tiers", /unknown parameter "tiers"/],
    ["bad date", "from=2024-02-30", "from", /YYYY-MM-DD/],
    ["not a date", "to=yesterday", "to", /YYYY-MM-DD/],
    ["from after to", "from=2024-02-02&to=2024-02-01", "from", /must not be after to/],
    ["single value twice", "from=2024-01-01&from=2024-01-02", "from", /more than once/],
    ["q too long", `q=${"x".repeat(201)}`, "q", /at most 200/],
    ["year out of range", "from=0999-01-01", "from", /between/],
  ])("%s → 400", (_name, query, field, message) => {
    const e = rejection(() => parse(query));
    expect(e.code).toBe("bad_request");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  test("a route's own keys are allowed", () => {
    expect(parse("by=project", ["by"])).toEqual(noFilters());
  });
});

describe("parseQuery", () => {
  const extra = z.object({ limit: z.coerce.number().int().min(1).max(10).default(5), by: z.enum(["a", "b"]) });
  test("filters and extras together", () => {
    expect(parseQuery(new URLSearchParams("by=a&tier=X"), extra)).toEqual({
      filters: { ...noFilters(), tier: ["X"] },
      params: { by: "a", limit: 5 },
    });
  });
  test.each([
    ["limit=11&by=a", "limit"],
    ["limit=abc&by=a", "limit"],
    ["limit=2.5&by=a", "limit"],
    ["by=c", "by"],
    ["", "by"],
    ["by=a&by=b", "by"],
  ])("%s → 400 on %s", (query, field) => {
    expect(rejection(() => parseQuery(new URLSearchParams(query), extra)).field).toBe(field);
  });
});

describe("filterClause", () => {
  test("no filters: TRUE, no parameters", () => {
    expect(filterClause(noFilters(), "UTC")).toEqual({ sql: "TRUE", params: [] });
  });

  test("every value is a parameter; dates become the zone's day starts", () => {
    const clause = filterClause(
      { ...noFilters(), from: "2024-02-01", to: "2024-02-29", tier: ["Small"], user: ["a'b", "c"], q: "Train" },
      "Europe/Berlin",
    );
    expect(clause.params).toEqual(["2024-01-31T23:00:00.000Z", "2024-02-29T23:00:00.000Z", "Small", "a'b", "c", "train"]);
    expect(clause.sql).not.toContain("a'b");
    expect(clause.sql).toContain("hardware_tier = $3");
    expect(clause.sql).toContain("user_name IN ($4, $5)");
  });

  test("omit leaves out one dimension's filter", () => {
    const clause = filterClause({ ...noFilters(), project: ["a/b"], tier: ["S"] }, "UTC", { omit: "project" });
    expect(clause).toEqual({ sql: "hardware_tier = $1", params: ["S"] });
  });

  test("cache keys ignore the order of values", () => {
    expect(filtersKey({ ...noFilters(), tier: ["a", "b"] })).toBe(filtersKey({ ...noFilters(), tier: ["b", "a"] }));
  });
});
