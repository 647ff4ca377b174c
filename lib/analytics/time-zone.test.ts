import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openStore, type Store } from "@/lib/store/db";
import { localDate, localDayStart, offsetAt, offsetSegments } from "./time-zone";
import { addDays, DAY_MS, isCalendarDate } from "@/lib/contract/days";

describe("time-zone arithmetic", () => {
  test.each([
    ["UTC", "2024-01-31T23:30:00Z", 0],
    ["Europe/Berlin", "2024-01-31T23:30:00Z", 3_600_000],
    ["Europe/Berlin", "2024-07-01T00:00:00Z", 7_200_000],
    ["Asia/Kolkata", "2024-07-01T00:00:00Z", 19_800_000],
    ["America/New_York", "2024-03-10T06:59:59Z", -18_000_000],
    ["America/New_York", "2024-03-10T07:00:00Z", -14_400_000],
  ])("offset of %s at %s", (tz, at, offset) => {
    expect(offsetAt(tz, Date.parse(at))).toBe(offset);
  });

  // offsetAt reads cached transitions; ICU is the reference, second by second around each change.
  test.each(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "America/Sao_Paulo"])(
    "offsetAt agrees with ICU in %s, hourly and at each clock change",
    (tz) => {
      const icu = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" });
      const reference = (ms: number) => {
        const name = icu.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")!.value;
        const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
        return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000) : 0;
      };
      const from = Date.parse("2011-01-01T00:00:00Z");
      const to = Date.parse("2013-01-01T00:00:00Z");
      // Worked out for a query first: offsetAt then reads them.
      const segments = offsetSegments(tz, from, to);
      for (let ms = from; ms < to; ms += 3_600_000) expect(offsetAt(tz, ms)).toBe(reference(ms));
      for (const segment of segments.slice(1)) {
        for (const ms of [segment.startMs - 1000, segment.startMs - 1, segment.startMs, segment.startMs + 1000]) {
          expect(offsetAt(tz, ms)).toBe(reference(ms));
        }
      }
    },
  );

  test.each([
    ["UTC", "2024-02-01", "2024-02-01T00:00:00.000Z"],
    ["Europe/Berlin", "2024-02-01", "2024-01-31T23:00:00.000Z"],
    ["Europe/Berlin", "2024-03-31", "2024-03-30T23:00:00.000Z"], // the clock changes at 02:00 that day
    ["Europe/Berlin", "2024-04-01", "2024-03-31T22:00:00.000Z"],
    ["America/New_York", "2024-11-03", "2024-11-03T04:00:00.000Z"],
    ["America/Havana", "2024-03-10", "2024-03-10T05:00:00.000Z"], // midnight is skipped: the day starts at 01:00
    ["Asia/Kathmandu", "2024-01-01", "2023-12-31T18:15:00.000Z"],
  ])("%s: %s starts at %s", (tz, date, instant) => {
    expect(new Date(localDayStart(tz, date)).toISOString()).toBe(instant);
  });

  test("calendar dates", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-13-01")).toBe(false);
    expect(isCalendarDate("2024-1-01")).toBe(false);
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(localDate("Europe/Berlin", Date.parse("2024-01-31T23:30:00Z"))).toBe("2024-02-01");
  });

  test("segments list each clock change once", () => {
    const segments = offsetSegments("Europe/Berlin", Date.parse("2024-01-15T00:00:00Z"), Date.parse("2024-12-15T00:00:00Z"));
    expect(segments.map((s) => [new Date(s.startMs).toISOString(), s.offsetMs / 3_600_000])).toEqual([
      ["2024-01-01T00:00:00.000Z", 1],
      ["2024-03-31T01:00:00.000Z", 2],
      ["2024-10-27T01:00:00.000Z", 1],
    ]);
    expect(offsetSegments("UTC", 0, Date.parse("2030-01-01T00:00:00Z"))).toHaveLength(1);
  });
});

// The SQL side adds these offsets to epoch_ms; DuckDB's own ICU must agree with them.
describe("agreement with DuckDB's AT TIME ZONE", () => {
  let store: Store;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    store = await openStore(":memory:");
    conn = await store.connect();
  });
  afterAll(() => store.close());

  test.each(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Auckland"])(
    "%s: local day of 400 instants 2018–2026",
    async (tz) => {
      const from = Date.parse("2018-01-01T00:00:00Z");
      const to = Date.parse("2026-12-31T00:00:00Z");
      const instants = Array.from({ length: 400 }, (_, i) => from + Math.floor(((to - from) / 400) * i) + i * 3_600_000 * 7);
      const segments = offsetSegments(tz, from, to + 30 * DAY_MS);
      const viaSegments = instants.map((ms) => {
        const segment = segments.findLast((s) => s.startMs <= ms)!;
        return new Date(Math.floor((ms + segment.offsetMs) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
      });
      const reader = await conn.runAndReadAll(
        "SELECT strftime(make_timestamptz(CAST(ms AS BIGINT) * 1000) AT TIME ZONE $1, '%Y-%m-%d') AS d FROM unnest($2::BIGINT[]) AS t(ms)",
        [tz, `[${instants.join(",")}]`],
      );
      expect(reader.getRowObjectsJS().map((r) => r.d)).toEqual(viaSegments);
    },
  );
});
