import { describe, expect, test } from "vitest";
import { normaliseRun } from "./normalise";
import { gatewayRun } from "./scripted-gateway";

function ok(raw: unknown) {
  const result = normaliseRun(raw);
  if (!result.ok) throw new Error(`expected a run, got: ${result.reason}`);
  return result.run;
}

describe("normaliseRun", () => {
  test("a run as documented passes through unchanged, in RUN_FIELDS order", () => {
    const raw = gatewayRun(1);
    const run = ok(raw);
    expect(run).toEqual(raw);
    expect(Object.keys(run)[0]).toBe("batchId");
  });

  test.each([
    ["ISO with ms", "2019-08-13T19:00:35.323Z", "2019-08-13T19:00:35.323Z"],
    ["ISO without ms", "2019-08-13T19:00:35Z", "2019-08-13T19:00:35.000Z"],
    ["ISO with µs", "2019-08-13T19:00:35.323456Z", "2019-08-13T19:00:35.323Z"],
    ["ISO with an offset", "2019-08-13T21:00:35.323+02:00", "2019-08-13T19:00:35.323Z"],
    ["ISO without a zone (read as UTC)", "2019-08-13T19:00:35.323", "2019-08-13T19:00:35.323Z"],
    ["space instead of T", "2019-08-13 19:00:35Z", "2019-08-13T19:00:35.000Z"],
    ["epoch ms number", 1565722835323, "2019-08-13T19:00:35.323Z"],
    ["epoch ms digit string", "1565722835323", "2019-08-13T19:00:35.323Z"],
  ])("time as %s", (_name, value, expected) => {
    expect(ok(gatewayRun(1, { queuedTime: value, startTime: value })).queuedTime).toBe(expected);
    expect(ok(gatewayRun(1, { startTime: value })).startTime).toBe(expected);
  });

  test.each([
    ["number", 0.0011, 0.0011],
    ["leading-dot string", ".0011", 0.0011],
    ["string", "12.50", 12.5],
    ["padded string", " 3 ", 3],
    ["exponent string", "1e-3", 0.001],
    ["negative string", "-0.25", -0.25],
  ])("amount as %s", (_name, value, expected) => {
    const run = ok(gatewayRun(1, { hardwareTierCostAmount: value, totalCostAmount: value, runDurationSec: value }));
    expect([run.hardwareTierCostAmount, run.totalCostAmount, run.runDurationSec]).toEqual([expected, expected, expected]);
  });

  test("ids as numbers become strings", () => {
    const run = ok(gatewayRun(1, { batchId: 1565722907558, runId: 42, userId: 7, projectId: 8, projectOwnerId: 9 }));
    expect([run.batchId, run.runId, run.userId, run.projectId, run.projectOwnerId]).toEqual(["1565722907558", "42", "7", "8", "9"]);
  });

  test("missing optional fields become null; a null title or command becomes empty text", () => {
    const raw = gatewayRun(1);
    for (const field of ["startTime", "endTime", "computeClusterDetails", "title"]) delete raw[field];
    raw.command = null;
    const run = ok(raw);
    expect([run.startTime, run.endTime, run.computeClusterDetails, run.title, run.command]).toEqual([null, null, null, "", ""]);
  });

  test("unknown fields are ignored, at the top and inside computeClusterDetails", () => {
    const run = ok(
      gatewayRun(1, {
        futureField: [1, 2],
        computeClusterDetails: {
          computeClusterType: "Spark",
          workerCount: "3",
          workerHardwareTierId: "small",
          workerHardwareTierCostPerMinute: ".002",
          averageWorkerCount: 2.5,
          diskUsageGiB: 10,
        },
      }),
    );
    expect(run).not.toHaveProperty("futureField");
    expect(run.computeClusterDetails).toEqual({
      computeClusterType: "Spark",
      workerCount: 3,
      workerHardwareTierId: "small",
      workerHardwareTierCostPerMinute: 0.002,
      masterHardwareTierId: null,
      masterHardwareTierCostPerMinute: null,
    });
  });

  test.each([
    ["runId missing", { runId: undefined }, null, "runId is missing"],
    ["queuedTime missing", { queuedTime: null }, "run-1", "queuedTime is missing"],
    ["amount not a number", { totalCostAmount: "12,50" }, "run-1", 'totalCostAmount is not a number: "12,50"'],
    ["amount NaN", { totalCostAmount: Number.NaN }, "run-1", "totalCostAmount is not a number: null"],
    ["time unreadable", { startTime: "yesterday" }, "run-1", 'startTime is not a time: "yesterday"'],
    ["impossible date", { queuedTime: "2024-13-45T00:00:00Z" }, "run-1", /queuedTime is not a time/],
    ["status an object", { status: { name: "x" } }, "run-1", "status is not a string"],
    ["cluster without workers", { computeClusterDetails: { computeClusterType: "Ray" } }, "run-1", /computeClusterDetails.workerCount is missing/],
    ["empty batchId", { batchId: "" }, "run-1", "batchId is empty"],
  ])("rejects a run with %s, naming the run and the reason", (_name, overrides, runId, reason) => {
    const raw = gatewayRun(1, overrides);
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete raw[k];
    const result = normaliseRun(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.runId).toBe(runId);
    if (typeof reason === "string") expect(result.reason).toBe(reason);
    else expect(result.reason).toMatch(reason);
  });

  test.each([null, 5, "run", [gatewayRun(1)]])("rejects %j, which is not a run object", (raw) => {
    expect(normaliseRun(raw)).toEqual({ ok: false, runId: null, reason: "the run is not a JSON object" });
  });
});
