import { describe, expect, test } from "vitest";
import { markdownTable, textTable } from "./table";

const headings = ["group", "result", "figures"] as const;
const rows = [
  ["load", "held", "p99 120 ms"],
  ["faults", "FAILED: a | b", ""],
];

describe("textTable", () => {
  test("pads every column to its widest cell and trims the line ends", () => {
    expect(textTable(headings, rows).split("\n")).toEqual([
      "group  | result        | figures",
      "-------|---------------|-----------",
      "load   | held          | p99 120 ms",
      "faults | FAILED: a | b |",
    ]);
  });

  test("a row shorter than the headings gets empty cells", () => {
    expect(textTable(["a", "b"], [["x"]]).split("\n")[2]).toBe("x |");
  });
});

describe("markdownTable", () => {
  test("escapes a pipe inside a cell so the row keeps its columns", () => {
    expect(markdownTable(headings, rows).split("\n")).toEqual([
      "| group | result | figures |",
      "|---|---|---|",
      "| load | held | p99 120 ms |",
      "| faults | FAILED: a \\| b |  |",
    ]);
  });
});
