import { describe, expect, test } from "vitest";
import { appendFilters, resolveFilters as toApiFilters, type FilterState } from "@/lib/contract/filters";
import { activeFilterCount, filterChips, withValue, withoutValue } from "./filters";
import { emptyReason } from "./empty-reason";
import { primaryCurrency } from "./currency";

const base: FilterState = { range: "30d", from: null, to: null, tier: [], project: [], user: [], owner: [], runType: [], status: [], team: [], costCentre: [] };

describe("filters → API", () => {
  test("a preset resolves to days; list values are sorted and unique", () => {
    const api = toApiFilters({ ...base, range: "7d", tier: ["b", "a", "b"] }, "2025-03-15");
    expect(api).toMatchObject({ from: "2025-03-09", to: "2025-03-15", tier: ["a", "b"] });
  });

  test("repeated keys in the API's format", () => {
    const api = toApiFilters({ ...base, range: "all", tier: ["gpu"], project: ["ann/churn", "bob/x"] }, "2025-03-15");
    expect(appendFilters(new URLSearchParams(), api).toString()).toBe("tier=gpu&project=ann%2Fchurn&project=bob%2Fx");
  });

  test("chips, counts, adding and removing values", () => {
    const state = { ...base, tier: ["gpu"], user: ["ann", "bob"] };
    expect(activeFilterCount(state)).toBe(3);
    expect(filterChips(state).map((chip) => chip.label)).toEqual(["Hardware tier: gpu", "User: ann", "User: bob"]);
    expect(withValue(["a"], "a")).toEqual(["a"]);
    expect(withValue(["a"], "b")).toEqual(["a", "b"]);
    expect(withoutValue(["a", "b"], "a")).toEqual(["b"]);
  });
});

describe("emptyReason", () => {
  test.each([
    [{ storedRuns: 0, syncing: true, rangeLabel: "Last 30 days", filterCount: 0 }, /first sync is still reading/],
    [{ storedRuns: 0, syncing: false, rangeLabel: "Last 30 days", filterCount: 0 }, /No runs have been synced/],
    [{ storedRuns: 10, syncing: false, rangeLabel: "Last 7 days", filterCount: 0 }, /No runs started in last 7 days\. Try a longer/],
    [{ storedRuns: 10, syncing: false, rangeLabel: "All time", filterCount: 2 }, /at any time match 2 active filters/],
    [{ storedRuns: 10, syncing: false, rangeLabel: "Last 7 days", filterCount: 1, search: "bert" }, /the search “bert” and 1 active filter\./],
  ])("%o", (input, expected) => expect(emptyReason(input)).toMatch(expected));
});

test("primaryCurrency picks the currency with the most cost", () => {
  expect(primaryCurrency([{ currency: "EUR", cost: 5 }, { currency: "USD", cost: 50 }])).toBe("USD");
  expect(primaryCurrency([])).toBe("USD");
});
