import { describe, expect, test } from "vitest";
import { CliError, parseSimulatorArgs } from "./cli-options";

describe("npm run simulator flags", () => {
  test("defaults: port 8080, demo-admin-key, no faults", () => {
    const o = parseSimulatorArgs([]);
    expect(o).toMatchObject({ port: 8080, host: "127.0.0.1", seed: 42, adminKeys: ["demo-admin-key"], nonAdminKeys: [], prebuildPages: false });
    expect(o.faults).toMatchObject({ latencyMs: 0, failureRate: undefined, truncateRate: undefined });
  });

  test("every flag of the issue's example", () => {
    const o = parseSimulatorArgs(
      "--port 8081 --runs 1000000 --seed 7 --key KEY --non-admin-key K2 --latency-ms 5 --failure-rate 0.2 --failure-statuses 429,503 --truncate-rate 0.1 --retry-after 2 --prebuild --anchor 2026-01-01T00:00:00Z".split(" "),
    );
    expect(o).toMatchObject({
      port: 8081,
      runs: 1_000_000,
      seed: 7,
      adminKeys: ["KEY"],
      nonAdminKeys: ["K2"],
      prebuildPages: true,
      anchorMs: Date.UTC(2026, 0, 1),
      faults: { latencyMs: 5, failureRate: 0.2, failureStatuses: [429, 503], truncateRate: 0.1, retryAfterSec: 2 },
    });
  });

  test.each([
    [["--port", "70000"], /--port/],
    [["--runs", "-3"], /--runs/],
    [["--failure-rate", "1.5"], /--failure-rate/],
    [["--failure-statuses", "429,418"], /--failure-statuses/],
    [["--anchor", "yesterday"], /--anchor/],
    [["--unknown"], /unknown/i],
    [["--key", ""], /--key/],
  ])("%j – refused, naming the flag", (argv, message) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(CliError);
    expect(() => parseSimulatorArgs(argv)).toThrow(message);
  });
});

test("--help – the usage, marked as help", () => {
  try {
    parseSimulatorArgs(["--help"]);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).isHelp).toBe(true);
    expect((error as CliError).message).toContain("--failure-statuses");
  }
});
