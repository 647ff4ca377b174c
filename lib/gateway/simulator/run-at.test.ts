import { describe, expect, test } from "vitest";
import { IN_FLIGHT_STATUSES, RUN_TYPES, TERMINAL_STATUSES } from "../run";
import { TIERS } from "./catalog";
import { datasetFor, type SimulatedRun } from "./run-at";
import { runJson } from "./run-json";

const ANCHOR = Date.UTC(2026, 0, 15, 12);
const spec = { runs: 60_000, seed: 42, anchorMs: ANCHOR };
const dataset = datasetFor(spec);
const runs: SimulatedRun[] = Array.from({ length: spec.runs }, (_, i) => dataset.runAt(i, ANCHOR)!);

const share = (pred: (r: SimulatedRun) => boolean, list = runs) => list.filter(pred).length / list.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("a simulated deployment", () => {
  test("about a dozen tiers, CPU at cents an hour up to GPUs at dollars an hour", () => {
    expect(TIERS.length).toBeGreaterThanOrEqual(10);
    expect(TIERS.length).toBeLessThanOrEqual(14);
    const perHour = TIERS.map((t) => t.pricePerMinute * 60);
    expect(Math.min(...perHour)).toBeLessThan(0.1);
    expect(Math.max(...perHour)).toBeGreaterThan(5);
    expect(new Set(runs.map((r) => r.hardwareTier)).size).toBe(TIERS.length);
  });

  test("hundreds of users and projects; project names repeat across owners", () => {
    expect(new Set(runs.map((r) => r.userId)).size).toBeGreaterThan(300);
    const projects = new Set(runs.map((r) => r.projectId));
    expect(projects.size).toBeGreaterThan(200);
    const owners = new Map<string, Set<string>>();
    for (const r of runs) (owners.get(r.projectName) ?? owners.set(r.projectName, new Set()).get(r.projectName)!).add(r.projectOwnerName);
    expect(owners.get("churn-model")?.size).toBe(3);
    expect([...owners.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
  });

  test("every run type and terminal status appears, in plausible proportions", () => {
    for (const type of RUN_TYPES) expect(share((r) => r.runType === type), type).toBeGreaterThan(0.005);
    expect(share((r) => r.runType === "Batch")).toBeGreaterThan(0.3);
    expect(share((r) => r.runType === "Batch")).toBeGreaterThan(share((r) => r.runType === "Workspace"));
    for (const status of TERMINAL_STATUSES) expect(share((r) => r.status === status), status).toBeGreaterThan(0.02);
    expect(share((r) => r.status === "Succeeded")).toBeGreaterThan(0.4);
  });

  test("final statuses by run type, as real deployments end them", () => {
    const ofType = (type: string) => runs.filter((r) => r.runType === type && r.endTime !== null);
    const failedOrErrored = (r: SimulatedRun) => r.status === "Failed" || r.status === "Error";
    // Batch and scheduled jobs mostly succeed and fail a few per cent.
    for (const type of ["Batch", "Scheduled"]) {
      expect(share((r) => r.status === "Succeeded", ofType(type)), type).toBeGreaterThan(0.8);
      expect(share((r) => r.status === "Failed", ofType(type)), type).toBeGreaterThan(0.02);
      expect(share((r) => r.status === "Failed", ofType(type)), type).toBeLessThan(0.12);
    }
    // Workspaces, Apps and Model APIs end when someone stops them.
    for (const type of ["Workspace", "App", "Endpoint"]) {
      expect(share((r) => r.status === "Stopped", ofType(type)), type).toBeGreaterThan(0.85);
      expect(share(failedOrErrored, ofType(type)), type).toBeLessThan(0.1);
    }
  });

  test('"Failed & errored" is a single-digit share of cost, not most of it', () => {
    const cost = (list: SimulatedRun[]) => list.reduce((sum, r) => sum + r.totalCostAmount, 0);
    const wasted = cost(runs.filter((r) => r.status === "Failed" || r.status === "Error")) / cost(runs);
    expect(wasted).toBeGreaterThan(0.005);
    expect(wasted).toBeLessThan(0.1);
  });

  test("durations by run type: workspaces for hours, batch jobs for minutes, apps and endpoints for days", () => {
    const durations = (type: string) => runs.filter((r) => r.runType === type && r.status === "Succeeded" || r.runType === type && r.status === "Stopped").map((r) => r.runDurationSec).filter((d) => d > 0);
    expect(median(durations("Batch")) / 60).toBeGreaterThan(3);
    expect(median(durations("Batch")) / 60).toBeLessThan(30);
    expect(median(durations("Workspace")) / 3600).toBeGreaterThan(1);
    expect(median(durations("Workspace")) / 3600).toBeLessThan(6);
    expect(median(durations("Endpoint")) / 86_400).toBeGreaterThan(1);
    expect(median(durations("App")) / 3600).toBeGreaterThan(6);
  });

  test("costs follow tier price × duration (plus cluster workers and master)", () => {
    let worst = 0;
    for (const r of runs) {
      const c = r.computeClusterDetails;
      const perMinute = r.hardwareTierCostAmount + (c ? c.workerCount * c.workerHardwareTierCostPerMinute + (c.masterHardwareTierCostPerMinute ?? 0) : 0);
      worst = Math.max(worst, Math.abs(r.totalCostAmount - (r.runDurationSec / 60) * perMinute));
    }
    expect(worst).toBeLessThanOrEqual(0.0000006);
    expect(new Set(runs.flatMap((r) => [r.hardwareTierCostCurrency, r.totalCostCurrency]))).toEqual(new Set(["USD"]));
    expect(runs.filter((r) => r.totalCostAmount > 0).length / runs.length).toBeGreaterThan(0.85);
  });

  test("times are consistent ISO-8601 UTC with milliseconds, from 2018-01-01 on", () => {
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    for (const r of runs.slice(0, 5000)) {
      expect(r.queuedTime).toMatch(iso);
      expect(r.queuedTime >= "2018-01-01").toBe(true);
      expect(String(Date.parse(r.queuedTime))).toBe(r.batchId);
      if (r.startTime) {
        expect(r.startTime >= r.queuedTime).toBe(true);
        if (r.endTime) expect((Date.parse(r.endTime) - Date.parse(r.startTime)) / 1000).toBe(r.runDurationSec);
      } else {
        expect(r.runDurationSec).toBe(0);
      }
    }
  });

  test("some runs never started (errored or stopped while queued): null startTime, an endTime, no cost", () => {
    const never = runs.filter((r) => r.startTime === null && r.endTime !== null);
    expect(never.length).toBeGreaterThan(100);
    for (const r of never) {
      expect(["Error", "Stopped"]).toContain(r.status);
      expect(r.totalCostAmount).toBe(0);
    }
  });

  test("some runs have compute clusters of each type, some with the newer fields", () => {
    const clustered = runs.filter((r) => r.computeClusterDetails !== null);
    expect(clustered.length / runs.length).toBeGreaterThan(0.01);
    expect(clustered.length / runs.length).toBeLessThan(0.15);
    expect(new Set(clustered.map((r) => r.computeClusterDetails!.computeClusterType))).toEqual(new Set(["Spark", "Ray", "Dask", "MPI"]));
    expect(clustered.some((r) => r.computeClusterDetails!.averageWorkerCount !== undefined)).toBe(true);
    expect(clustered.some((r) => r.computeClusterDetails!.masterHardwareTierId === null)).toBe(true);
  });

  test("a tail of runs in flight at the clock, all recent", () => {
    const inFlight = runs.filter((r) => r.endTime === null);
    expect(inFlight.length).toBeGreaterThan(5);
    for (const r of inFlight) {
      expect(IN_FLIGHT_STATUSES as readonly string[]).toContain(r.status);
      expect(r.status === "Queued").toBe(r.startTime === null);
    }
    expect(inFlight.some((r) => r.status === "Running" && r.totalCostAmount > 0)).toBe(true);
  });

  test("odd names: commas, quotes, line breaks, non-Latin letters and a leading = + - @", () => {
    const text = (r: SimulatedRun) => [r.title, r.command, r.projectName, r.userName];
    const all = runs.flatMap(text);
    for (const pattern of [/,/, /"/, /\n/, /[^\x00-\x7f]/, /^=/, /^\+/, /^-/, /^@/]) {
      expect(all.some((s) => pattern.test(s)), String(pattern)).toBe(true);
    }
    expect(share((r) => text(r).some((s) => /[",\r\n]|^[=+\-@]|[^\x00-\x7f]/.test(s)))).toBeLessThan(0.06);
  });

  test("run ids are 24 hex digits, unique, and the same for the same seed", () => {
    expect(runs.every((r) => /^[0-9a-f]{24}$/.test(r.runId))).toBe(true);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(runs.length);
    const again = datasetFor({ ...spec, runs: spec.runs + 1 }); // a separate build
    expect(again.runAt(123, ANCHOR)!.runId).toBe(runs[123]!.runId);
  });

  test("the hand-written JSON is exactly JSON.stringify of the run", () => {
    for (let i = 0; i < runs.length; i += 7) {
      expect(runJson(dataset.view(i, ANCHOR)!)).toBe(JSON.stringify(runs[i]));
    }
  });
});
