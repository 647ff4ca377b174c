import { describe, expect, test } from "vitest";
import { describeFailure } from "./sync-manager";

describe("describeFailure", () => {
  test.each([
    ["a DuckDB write", new Error('IO Error: Could not write file "/data/runledger.duckdb.wal": No space left on device')],
    ["a spool file", Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })],
  ])("a full disk under %s is named as such", (_where, error) => {
    const { code, message } = describeFailure(error);
    expect(code).toBe("disk_full");
    expect(message).toMatch(/disk holding DATA_DIR is full/);
  });

  test("anything else unknown stays internal, without its text", () => {
    expect(describeFailure(new Error("Binder Error: column x"))).toEqual({
      code: "internal",
      message: "The sync stopped on an internal error; the server log has the details.",
    });
  });
});
