import { expect, test } from "vitest";
import { freezeRange, parseShareRequest } from "./share-request";

const now = Date.UTC(2025, 5, 10, 12);

test.each([
  ["1d", now + 86_400_000],
  ["7d", now + 7 * 86_400_000],
  ["30d", now + 30 * 86_400_000],
  ["2025-06-20", Date.UTC(2025, 5, 21)],
])("expires %s", (expires, exp) => {
  expect(parseShareRequest({ page: "/tiers", query: "?tier=Large&range=all", expires }, "UTC", now)).toEqual({
    page: "/tiers",
    query: "tier=Large&range=all",
    exp,
    csv: false,
  });
});

test("a date is the end of that day in the dashboard's zone", () => {
  expect(parseShareRequest({ page: "/", expires: "2025-06-20", csv: true }, "Europe/Berlin", now).exp).toBe(Date.UTC(2025, 5, 20, 22));
});

test.each([
  [{ page: "/admin", expires: "1d" }, /page/],
  [{ page: "/", expires: "2d" }, /expires/],
  [{ page: "/", expires: "2025-06-09" }, /past/],
  [{ page: "/", expires: "2027-01-01" }, /366/],
  [{ page: "/", expires: "1d", query: `tier=${"x".repeat(501)}` }, /query/],
  [null, /./],
])("refused: %j", (raw, message) => {
  expect(() => parseShareRequest(raw, "UTC", now)).toThrow(message);
});

test.each([
  ["", "range=custom&from=2025-05-12&to=2025-06-10"],
  ["range=7d&tier=GPU+V100", "range=custom&tier=GPU+V100&from=2025-06-04&to=2025-06-10"],
  ["range=lastMonth", "range=custom&from=2025-05-01&to=2025-05-31"],
  ["range=all&from=2020-01-01", "range=all"],
  ["range=custom&from=2024-02-01&to=2024-01-01&stackBy=user", "range=custom&stackBy=user&from=2024-01-01&to=2024-02-01"],
])("the date preset of %j is frozen into days", (query, frozen) => {
  expect(freezeRange(query, "2025-06-10")).toBe(frozen);
});

test("an unknown preset is a 400", () => {
  expect(() => freezeRange("range=forever", "2025-06-10")).toThrow(/range must be one of/);
});
