import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiRequestError, errorFromBody, fetchJson } from "./fetch-json";
import { apiUrl, breakdownQuery, runsQuery, totalsQuery } from "./resources";
import { resolveFilters as toApiFilters } from "@/lib/contract/filters";

afterEach(() => vi.unstubAllGlobals());

describe("errors carry the server's message", () => {
  test.each([
    [400, { error: { code: "bad_request", message: "by: unknown dimension", field: "by" } }, "by: unknown dimension", "bad_request", "by"],
    [500, { error: { code: "internal", message: "Something went wrong" } }, "Something went wrong", "internal", undefined],
    [502, "<html>", "The server answered 502 without an explanation.", "error", undefined],
  ])("%s", (status, body, message, code, field) => {
    const error = errorFromBody(status, body);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect([error.message, error.code, error.field, error.status]).toEqual([message, code, field, status]);
  });

  test("fetchJson throws the server's message on a 4xx", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ error: { code: "bad_request", message: "from: not a day" } }), { status: 400 })),
    );
    await expect(fetchJson("/api/totals?from=x")).rejects.toMatchObject({ message: "from: not a day", status: 400 });
  });

  test("fetchJson names a network failure", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(fetchJson("/api/totals")).rejects.toMatchObject({ code: "network" });
  });
});

describe("query keys and URLs hold every input", () => {
  const filters = toApiFilters(
    { range: "7d", from: null, to: null, tier: ["gpu"], project: [], user: [], owner: [], runType: [], status: [], team: [], costCentre: [] },
    "2025-03-15",
  );

  test("apiUrl leaves out empty inputs", () => {
    expect(apiUrl("/api/breakdown", filters, { by: "project", limit: undefined, q: "" })).toBe(
      "/api/breakdown?by=project&from=2025-03-09&to=2025-03-15&tier=gpu",
    );
  });

  test("different inputs, different keys", () => {
    const a = breakdownQuery(filters, { by: "project" }).queryKey;
    const b = breakdownQuery(filters, { by: "user" }).queryKey;
    const c = breakdownQuery({ ...filters, tier: [] }, { by: "project" }).queryKey;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(totalsQuery(filters).queryKey).toEqual(["totals", filters]);
    const runs = runsQuery(filters, { q: "x", sort: "cost", dir: "asc", offset: 50, limit: 50 }).queryKey;
    expect(runs[1]).toEqual({ q: "x", sort: "cost", dir: "asc", offset: 50, limit: 50 });
  });
});
