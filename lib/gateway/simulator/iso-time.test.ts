import { expect, test } from "vitest";
import { isoTime } from "./iso-time";
import { Rng } from "./random";

test("isoTime matches Date#toISOString from 2018 to 2200, across day changes", () => {
  const rng = new Rng(1, 2, 3);
  const from = Date.UTC(2018, 0, 1);
  const to = Date.UTC(2200, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    const ms = from + Math.floor(rng.next() * (to - from));
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  }
  for (const ms of [from, from + 999, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 2, 1)]) {
    expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  }
});
