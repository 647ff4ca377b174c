import { describe, expect, test } from "vitest";
import { KeyRing, parseQuery, presentedKey, wantsCsv } from "./request";

describe("parseQuery", () => {
  test.each([
    ["", { batchId: null, limit: 1000 }],
    ["limit=1", { batchId: null, limit: 1 }],
    ["limit=10000&batchId=1565722907558", { batchId: "1565722907558", limit: 10000 }],
    ["limit=&batchId=", { batchId: null, limit: 1000 }],
    ["batchId=007&extra=1", { batchId: "007", limit: 1000 }],
  ])("%s – accepted", (search, query) => {
    expect(parseQuery(search)).toEqual({ ok: true, query });
  });

  test.each(["limit=0", "limit=-1", "limit=1.5", "limit=abc", "limit=10001", "batchId=abc", "batchId=-1", "batchId=1.0"])(
    "%s – refused",
    (search) => {
      expect(parseQuery(search).ok).toBe(false);
    },
  );
});

describe("keys", () => {
  test.each([
    [{ "x-domino-api-key": "k" }, "k"],
    [{ authorization: "Bearer t" }, "t"],
    [{ authorization: "bearer  t " }, "t"],
    [{ authorization: "Basic abc" }, null],
    [{ "x-domino-api-key": "", authorization: "Bearer t" }, "t"],
    [{}, null],
  ])("%j – %s", (headers, key) => {
    expect(presentedKey(headers)).toBe(key);
  });

  test("admin, non-admin, unknown, missing", () => {
    const ring = new KeyRing(["a"], ["b"]);
    expect(ring.identify({ "x-domino-api-key": "a" })).toBe("admin");
    expect(ring.identify({ authorization: "Bearer b" })).toBe("non-admin");
    expect(ring.identify({ "x-domino-api-key": "c" })).toBe("unknown");
    expect(ring.identify({})).toBe("missing");
  });
});

test.each([
  [undefined, false],
  ["text/csv", true],
  ["text/csv;q=0.9", true],
  ["application/json, text/csv", false],
  ["*/*", false],
])("wantsCsv(%s) – %s", (accept, csv) => {
  expect(wantsCsv(accept)).toBe(csv);
});
