import { describe, expect, test } from "vitest";
import { filtersQuery as filtersQueryString, noFilters } from "@/lib/contract/filters";
import { contentDisposition, csvFileName, csvHeaders } from "./download";
import { FORMULA_STARTS, neutralise, neutraliseSql, unneutralise } from "@/lib/csv-format/neutralise";
import { tableCsv } from "./table-csv";
import { parseCsv } from "@/lib/csv-format/rfc4180";

describe("CSV file names and headers", () => {
  test.each([
    [{}, "runledger-runs_all-time.csv"],
    [{ from: "2024-01-01", to: "2024-03-31", tier: ["GPU"] }, "runledger-runs_2024-01-01_2024-03-31_tier-GPU.csv"],
    [{ from: "2024-01-01" }, "runledger-runs_from-2024-01-01.csv"],
    [{ to: "2024-01-31", user: ["b", "a"] }, "runledger-runs_until-2024-01-31_user-a+b.csv"],
    [{ project: ["ann/x", "ann/y", "ben/z", "cy/w"] }, "runledger-runs_all-time_project-4-values.csv"],
    [{ project: ["ann/../etc"], q: 'a "b"' }, "runledger-runs_all-time_project-ann_.._etc_q-a_b.csv"],
    [{ user: ["Jürgen", "李"] }, "runledger-runs_all-time_user-Jürgen+李.csv"],
  ])("file name for %j", (patch, name) => {
    expect(csvFileName("runs", { ...noFilters(), ...patch })).toBe(name);
  });

  test("Content-Disposition: an ASCII filename and the UTF-8 name (RFC 6266)", () => {
    expect(contentDisposition("runledger-runs_all-time_user-Jürgen+李.csv")).toBe(
      `attachment; filename="runledger-runs_all-time_user-Jurgen+.csv"; filename*=UTF-8''runledger-runs_all-time_user-J%C3%BCrgen%2B%E6%9D%8E.csv`,
    );
  });

  test("headers record filters, zone, currency, data-as-of and row count, all ASCII", () => {
    const filters = { ...noFilters(), from: "2024-01-01", to: "2024-01-31", user: ["Zoë", "al"], q: "x y" };
    const headers = csvHeaders({ fileName: csvFileName("runs", filters), filters, timeZone: "Europe/Berlin", currencies: ["EUR", "USD"], dataAsOf: "2024-02-01T00:00:00.000Z", rowCount: 12 });
    expect(headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(headers.get("x-runledger-filters")).toBe("from=2024-01-01&to=2024-01-31&user=Zo%C3%AB&user=al&q=x+y");
    expect(new URLSearchParams(headers.get("x-runledger-filters")!).getAll("user").sort()).toEqual(["Zoë", "al"].sort());
    expect(headers.get("x-runledger-time-zone")).toBe("Europe/Berlin");
    expect(headers.get("x-runledger-currency")).toBe("EUR,USD");
    expect(headers.get("x-runledger-data-as-of")).toBe("2024-02-01T00:00:00.000Z");
    expect(headers.get("x-runledger-row-count")).toBe("12");
    expect(filtersQueryString(noFilters())).toBe("");
  });
});

test.each(["日", "\u0000", "🚀", "\u202eUSD"])("csvHeaders – currency %j that no header can hold is a 400 naming currency", async (currency) => {
  const { ApiError } = await import("@/lib/api/errors");
  const meta = { fileName: "x.csv", filters: noFilters(), timeZone: "UTC", currencies: [currency], dataAsOf: null, rowCount: 0 };
  expect(() => csvHeaders(meta)).toThrow(ApiError);
  try {
    csvHeaders(meta);
  } catch (error) {
    expect((error as InstanceType<typeof ApiError>).field).toBe("currency");
    expect((error as InstanceType<typeof ApiError>).status).toBe(400);
  }
});

describe("formula neutralisation", () => {
  test.each([...FORMULA_STARTS.map((c) => `${c}cmd`), "plain", "", "'=x", "1-2", "a =b", " plain", "\nplain"])("%j round-trips", (text) => {
    const out = neutralise(text);
    if (FORMULA_STARTS.some((c) => text.startsWith(c))) expect(out).toBe(`'${text}`);
    else expect(out).toBe(text);
    if (!text.startsWith("'")) expect(unneutralise(out)).toBe(text);
  });

  test.each([" =HYPERLINK(\"x\")", "  +1", "\n=1+1", "\r\n@SUM(A1)", " \t-2+3", "＝HYPERLINK(\"x\")", "＋1", "－1", "＠SUM(A1)", " ＝1"])(
    "%j is neutralised (a formula after spaces or line breaks, or with a full-width sign)",
    (text) => {
      expect(neutralise(text)).toBe(`'${text}`);
      expect(unneutralise(neutralise(text))).toBe(text);
    },
  );

  test("the SQL and JS versions agree", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const samples = [...FORMULA_STARTS.map((c) => `${c}x`), "x", "", "'=x", "漢=", "\n=x", " =x", "  ＝x", " x", "\nx", " - item", "\r\n+x"];
    const literal = `[${samples.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]::VARCHAR[]`;
    const reader = await conn.runAndReadAll(
      `SELECT ${neutraliseSql("v")} AS out FROM (SELECT unnest(${literal}) AS v, generate_subscripts(${literal}, 1) AS i) ORDER BY i`,
    );
    expect(reader.getRowObjectsJS().map((r) => r.out)).toEqual(samples.map(neutralise));
    conn.closeSync();
    instance.closeSync();
  });

  test("small tables: text neutralised, negative numbers kept, money with two decimals", () => {
    const text = tableCsv(
      [
        { header: "key", kind: "text", value: (r: { k: string; n: number; m: number }) => r.k },
        { header: "n", kind: "number", value: (r) => r.n },
        { header: "m", kind: "money", value: (r) => r.m },
      ],
      [
        { k: "=1+1", n: -2.5, m: -3 },
        { k: 'a,"b"\nc', n: 0.1, m: 12.3 },
      ],
      true,
    );
    expect(text.startsWith("\uFEFFkey,n,m\r\n")).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ["key", "n", "m"],
      ["'=1+1", "-2.5", "-3.00"],
      ['a,"b"\nc', "0.1", "12.30"],
    ]);
  });
});
