import { describe, expect, test } from "vitest";
import { budgetMatchesView, type ViewFilters as ApiFilters } from "./budget-match";

const view = (over: Partial<ApiFilters> = {}): ApiFilters => ({
  from: "2026-11-07",
  to: "2026-12-06",
  tier: [],
  project: [],
  user: [],
  owner: [],
  runType: [],
  status: [],
  team: [],
  costCentre: [],
  ...over,
});

describe("a budget shown on the view of its scope", () => {
  test.each([
    ["the whole deployment on an unfiltered view", "", view(), true],
    ["a project on that project's view, whatever the dates", "project=acme%2Fchurn", view({ project: ["acme/churn"], from: null, to: null }), true],
    ["two users in either order", "user=bob&user=alice", view({ user: ["alice", "bob"] }), true],
    ["the whole deployment on a filtered view", "", view({ tier: ["GPU"] }), false],
    ["a project on a narrower view", "project=acme%2Fchurn", view({ project: ["acme/churn"], tier: ["GPU"] }), false],
    ["a project on another project's view", "project=acme%2Fchurn", view({ project: ["acme/etl"] }), false],
    ["a scope with a text search", "q=train", view(), false],
  ])("%s", (_n, scope, filters, expected) => {
    expect(budgetMatchesView(scope, filters)).toBe(expected);
  });
});
