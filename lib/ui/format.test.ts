import { describe, expect, test } from "vitest";
import { computeDelta, formatAgo, formatCount, formatDateTime, formatDay, formatDuration, formatHours, formatMoney, formatShare, formatUnitPrice } from "./format";

describe("formatMoney", () => {
  test.each([
    [1234.5, "USD", {}, "$1,234.50"],
    [0.004, "USD", {}, "$0.00"],
    [1234.56, "EUR", {}, "€1,234.56"],
    [999, "USD", { compact: true }, "$999"],
    [350, "USD", { compact: true }, "$350"],
    [42.4, "USD", { compact: true }, "$42"],
    [0, "USD", { compact: true }, "$0"],
    [1234, "USD", { compact: true }, "$1.2k"],
    [999_960, "USD", { compact: true }, "$1M"],
    [2_500_000, "USD", { compact: true }, "$2.5M"],
    [-1500, "USD", { compact: true }, "-$1.5k"],
    [12, "bad", {}, "$12.00"],
  ])("%s %s %o → %s", (amount, currency, options, expected) => {
    expect(formatMoney(amount, currency, options)).toBe(expected);
  });
});

describe("formatUnitPrice", () => {
  test.each([
    [0.0042, "USD", "$0.0042"],
    [0.051, "USD", "$0.0510"],
    [0.123456, "EUR", "€0.1235"],
    [1.25, "USD", "$1.25"],
  ])("%s %s → %s", (amount, currency, expected) => {
    expect(formatUnitPrice(amount, currency)).toBe(expected);
  });
});

describe("formatCount", () => {
  test.each([
    [0, "0"],
    [9876, "9,876"],
    [12_345, "12.3k"],
    [999_999, "1M"],
    [3_400_000, "3.4M"],
    [150_000, "150k"],
  ])("%s → %s", (value, expected) => expect(formatCount(value)).toBe(expected));
});

describe("formatHours", () => {
  test.each([
    [0, "0 h"],
    [0.005, "<1 min"],
    [0.5, "30 min"],
    [3.44, "3.4 h"],
    [3, "3 h"],
    [1234.4, "1,234 h"],
    [12_345, "12.3k h"],
  ])("%s → %s", (value, expected) => expect(formatHours(value)).toBe(expected));
});

describe("formatShare and formatDuration", () => {
  test.each([
    [0.4213, "42.1%"],
    [0.0004, "<0.1%"],
    [0, "0.0%"],
    [1, "100.0%"],
  ])("share %s → %s", (value, expected) => expect(formatShare(value)).toBe(expected));

  test.each([
    [45, "45 s"],
    [725, "12 min 05 s"],
    [3 * 3600 + 120, "3 h 02 min"],
    [-1, "–"],
  ])("duration %s → %s", (value, expected) => expect(formatDuration(value)).toBe(expected));
});

describe("computeDelta", () => {
  test.each([
    [110, 100, "+10.0%", "up"],
    [90, 100, "−10.0%", "down"],
    [100, 100, "0%", "flat"],
    [300, 100, "+200%", "up"],
    [5, 0, "new", "up"],
    [0, 0, "0%", "flat"],
    [5, null, "no previous period", "none"],
  ] as const)("%s vs %s → %s", (current, previous, label, direction) => {
    const delta = computeDelta(current, previous);
    expect(delta.label).toBe(label);
    expect(delta.direction).toBe(direction);
  });
});

describe("dates", () => {
  test("an instant shows in the deployment's zone", () => {
    expect(formatDateTime("2025-03-04T23:30:00.000Z", "UTC")).toBe("Mar 4, 2025, 23:30");
    expect(formatDateTime("2025-03-04T23:30:00.000Z", "Europe/Berlin")).toBe("Mar 5, 2025, 00:30");
    expect(formatDateTime(null, "UTC")).toBe("–");
  });

  test("a plain day never shifts", () => {
    expect(formatDay("2025-03-01")).toBe("Mar 1, 2025");
    expect(formatDay("2025-03-01", { short: true })).toBe("Mar 1");
    expect(formatDay("2025-03-01", { month: true })).toBe("Mar 2025");
  });

  test.each([
    ["2025-01-01T11:59:30Z", "just now"],
    ["2025-01-01T11:55:00Z", "5 min ago"],
    ["2025-01-01T09:00:00Z", "3 h ago"],
    ["2024-12-30T12:00:00Z", "2 d ago"],
  ])("%s → %s", (iso, expected) => expect(formatAgo(iso, new Date("2025-01-01T12:00:00Z"))).toBe(expected));
});
