import { describe, expect, test } from "vitest";
import { failed, textTable, type ReliabilityRow } from "./report";

const row = (change: Partial<ReliabilityRow>): ReliabilityRow => ({ group: "faults", scenario: "s", held: true, figures: {}, lost: "nothing", ...change });

describe("failed", () => {
  test.each([
    ["held, nothing lost", row({}), false],
    ["did not hold", row({ held: false, problem: "HTTP 500" }), true],
    ["held but lost runs", row({ lost: "3 missing, 0 extra, 0 twice" }), true],
    ["skipped (no tmpfs on this runner)", row({ held: false, skipped: "could not mount a tmpfs here", lost: "not tried" }), false],
  ])("%s", (_name, r, expected) => {
    expect(failed(r)).toBe(expected);
  });
});

test("the result column says why a row was skipped or failed", () => {
  const table = textTable([row({ held: false, skipped: "no root" }), row({ held: false, problem: "p99 900 ms" })]);
  expect(table).toContain("skipped: no root");
  expect(table).toContain("FAILED: p99 900 ms");
});
