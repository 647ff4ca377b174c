import { expect, test } from "vitest";
import type { ExportProgress } from "./export";
import { progressLine } from "./export-progress";

const progress = (over: Partial<ExportProgress>): ExportProgress => ({
  pages: 10,
  runs: 10_000,
  rejected: 0,
  bytes: 7_000_000,
  firstTime: "2018-01-01T00:00:00.000Z",
  reachedTime: "2021-07-02T12:00:00.000Z",
  ...over,
});

test("the bar follows queue time from the first run to the end date", () => {
  const end = Date.parse("2025-01-01T00:00:00.000Z");
  const line = progressLine(progress({}), end, 2);
  expect(line).toMatch(/^█{14}░{14}  50%  10,000 runs  at 2021-07-02  5,000 runs\/s$/);
});

test("before the first page, and past the end date", () => {
  const end = Date.parse("2020-01-01T00:00:00.000Z");
  expect(progressLine(progress({ firstTime: null, reachedTime: null, runs: 0 }), end, 0)).toMatch(/^░{28}   0%  0 runs  at …/);
  expect(progressLine(progress({ rejected: 3 }), end, 1)).toMatch(/^█{28} 100% .* 3 unreadable$/);
});
