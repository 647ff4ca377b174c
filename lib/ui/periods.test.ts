import { describe, expect, test } from "vitest";
import { isPeriodKey, lastFullMonth, periodLabel, recentMonths, recentQuarters } from "./periods";

describe("chargeback periods", () => {
  test.each([
    ["2025-03-15", "2025-02"],
    ["2025-01-01", "2024-12"],
  ])("last full month before %s is %s", (today, month) => expect(lastFullMonth(today)).toBe(month));

  test("recent months and quarters cross year ends, newest first", () => {
    expect(recentMonths("2025-02-10", 3).map((p) => p.key)).toEqual(["2025-02", "2025-01", "2024-12"]);
    expect(recentQuarters("2025-02-10", 3).map((p) => p.label)).toEqual(["Q1 2025", "Q4 2024", "Q3 2024"]);
  });

  test.each([
    ["2025-03", "March 2025", true],
    ["2025-Q4", "Q4 2025", true],
    ["2025-13", null, false],
    ["2025-Q5", null, false],
  ] as const)("%s", (key, label, valid) => {
    expect(isPeriodKey(key)).toBe(valid);
    if (label) expect(periodLabel(key)).toBe(label);
  });
});
