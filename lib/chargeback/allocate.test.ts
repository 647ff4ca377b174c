import { describe, expect, test } from "vitest";
import { allocateCents } from "./allocate";
import { seededRandom } from "@/lib/seeded-random";

describe("allocateCents", () => {
  test.each([
    ["evenly, remainder to the first", 100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    ["by weight", 1000n, [1n, 3n], [250n, 750n]],
    ["largest remainder wins the cent", 10n, [1n, 2n, 4n], [1n, 3n, 6n]],
    ["zero weights: evenly", 5n, [0n, 0n], [3n, 2n]],
    ["a zero weight gets nothing", 7n, [0n, 5n], [0n, 7n]],
    ["negative amounts (a credit)", -100n, [1n, 1n, 1n], [-34n, -33n, -33n]],
    ["nobody", 100n, [], []],
  ] as const)("%s", (_name, amount, weights, expected) => {
    expect(allocateCents(amount, weights)).toEqual(expected);
  });

  test("parts always add up to the amount", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(random() * 12);
      const weights = Array.from({ length: n }, () => BigInt(Math.floor(random() * 1e9)));
      const amount = BigInt(Math.floor(random() * 1e10)) - 1000n;
      const parts = allocateCents(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0n)).toBe(amount);
    }
  });
});
