import { describe, expect, test } from "vitest";
import { csvField, csvRecord, parseCsv } from "@/lib/csv-format/rfc4180";

describe("csvField", () => {
  test.each<[unknown, string]>([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rlf", '"cr\rlf"'],
    ["", ""],
    [null, ""],
    [undefined, ""],
    [0.0011, "0.0011"],
    [42, "42"],
    [Number.NaN, ""],
    [true, "true"],
    // Domino's CSV is mirrored as is: no formula neutralisation in this encoder.
    ["=1+1", "=1+1"],
    ["数据分析 任务", "数据分析 任务"],
  ])("%j → %j", (value, expected) => {
    expect(csvField(value as never)).toBe(expected);
  });
});

test("csvRecord joins with commas and ends in CRLF", () => {
  expect(csvRecord(["a", 1, null, 'x,"y"'])).toBe('a,1,,"x,""y"""\r\n');
  expect(csvRecord([])).toBe("\r\n");
});

describe("parseCsv", () => {
  test("reads back what csvRecord writes", () => {
    const rows = [
      ["a", 'say "hi", twice', "two\r\nlines", ""],
      ["=1+1", "数据", "x\ny", "last"],
    ];
    expect(parseCsv(rows.map((r) => csvRecord(r)).join(""))).toEqual(rows);
  });

  test("LF line ends and no final line end", () => {
    expect(parseCsv("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });
});
