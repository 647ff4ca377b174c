import { describe, expect, test } from "vitest";
import { canRemove, isLocked, presetAllowed, resetLists, shareLimits } from "./share-limits";

// A link made on 2025-03-15 of "last 30 days" for two tiers: its query as the token holds it.
const limits = shareLimits("range=custom&from=2025-02-14&to=2025-03-15&tier=gpu-small&tier=gpu-large&stackBy=project");
const open = shareLimits("range=all&project=alice%2Fchurn");

describe("a shared view's limits", () => {
  test("read the days and the fixed lists from the link's query", () => {
    expect([limits.from, limits.to]).toEqual(["2025-02-14", "2025-03-15"]);
    expect(limits.lists.tier).toEqual(["gpu-large", "gpu-small"]);
    expect(limits.lists.project).toEqual([]);
    expect([open.from, open.to, open.lists.project]).toEqual([null, null, ["alice/churn"]]);
  });

  test.each([
    ["7d", "2025-03-15", true],
    ["30d", "2025-03-15", true],
    ["90d", "2025-03-15", false],
    ["all", "2025-03-15", false],
    ["mtd", "2025-03-15", true],
    // A week later the link's last day has passed: "last 7 days" would reach beyond it.
    ["7d", "2025-03-22", false],
    ["custom", "2025-03-22", true],
  ] as const)("preset %s on %s allowed: %s", (preset, today, allowed) => {
    expect(presetAllowed(preset, today, limits)).toBe(allowed);
  });

  test("an open link allows every preset", () => {
    expect(presetAllowed("all", "2025-03-15", open)).toBe(true);
    expect(presetAllowed("7d", "2025-03-15", open)).toBe(true);
  });

  test("a fixed list can be narrowed but never emptied; other lists are free", () => {
    expect(isLocked("tier", limits)).toBe(true);
    expect(isLocked("user", limits)).toBe(false);
    expect(canRemove("tier", ["gpu-large", "gpu-small"], "gpu-small", limits)).toBe(true);
    expect(canRemove("tier", ["gpu-large"], "gpu-large", limits)).toBe(false);
    expect(canRemove("user", ["bob"], "bob", limits)).toBe(true);
  });

  test("clear all goes back to the link's lists", () => {
    const reset = resetLists(limits);
    expect(reset.tier).toEqual(["gpu-large", "gpu-small"]);
    expect(reset.user).toBeNull();
  });
});
