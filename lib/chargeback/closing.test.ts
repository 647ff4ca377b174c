import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "@/lib/store/db";
import { fixtureStore, insertRuns } from "@/lib/analytics/test-data";
import { applyTeamsConfig } from "@/lib/teams/apply";
import { assignBatch } from "@/lib/teams/assign";
import { changesSince, closePeriod, readClosing, readEvents, reopenPeriod } from "./closing";
import { parsePeriod } from "./period";
import { computeStatement, type Statement } from "./statement";

let store: Store;
let conn: DuckDBConnection;
beforeAll(async () => {
  ({ store, conn } = await fixtureStore(undefined, { fill: true }));
  await applyTeamsConfig(store, {
    teams: [{ name: "Data Platform", costCentre: "CC-100", managerEmail: null }],
    rules: [{ team: "Data Platform", kind: "owner", pattern: "alice" }],
  });
});
afterAll(() => store.close());

const FEB = parsePeriod("2024-02");

describe("closing a period", () => {
  let frozen: string;

  test("closing keeps the statement as it stood, with who and when", async () => {
    const closing = await closePeriod(conn, FEB, "UTC", "finance@example.com", new Date("2024-03-02T09:00:00Z"));
    frozen = closing.statementJson;
    expect(frozen).toBe(JSON.stringify(await computeStatement(conn, FEB, "UTC")));
    expect(await readClosing(conn, "2024-02")).toEqual({
      period: "2024-02",
      closedBy: "finance@example.com",
      closedAt: "2024-03-02T09:00:00.000Z",
      statementJson: frozen,
    });
    await expect(closePeriod(conn, FEB, "UTC", "x")).rejects.toMatchObject({ code: "conflict" });
  });

  test("a sync adding runs into the month and a rule change leave it byte-identical; the changes are reported", async () => {
    await insertRuns(conn, [
      { id: "late1", start: "2024-02-20T10:00:00.000Z", tier: "Small", owner: "alice", project: "alpha", user: "alice", runType: "Batch", status: "Succeeded", cost: "12.40", durationSec: 60 },
    ]);
    await assignBatch(conn, "runs", "SELECT 'late1'");
    await applyTeamsConfig(store, {
      teams: [{ name: "Data Platform", costCentre: "CC-100", managerEmail: null }, { name: "Bobs", costCentre: null, managerEmail: null }],
      rules: [
        { team: "Data Platform", kind: "owner", pattern: "alice" },
        { team: "Bobs", kind: "owner", pattern: "bob" },
      ],
    });
    expect((await readClosing(conn, "2024-02"))!.statementJson).toBe(frozen);
    const live = await computeStatement(conn, FEB, "UTC");
    expect(JSON.stringify(live)).not.toBe(frozen);
    const changes = changesSince(JSON.parse(frozen) as Statement, live);
    expect(changes.totals).toEqual([{ currency: "USD", runsDelta: 1, computeCentsDelta: 1240 }]);
    expect(changes.lines).toEqual(
      expect.arrayContaining([
        { team: "Data Platform", currency: "USD", runsDelta: 1, computeCentsDelta: 1240 },
        { team: "Bobs", currency: "USD", runsDelta: 2, computeCentsDelta: 2575 },
        { team: "Unallocated", currency: "USD", runsDelta: -2, computeCentsDelta: -2575 },
      ]),
    );
  });

  test("reopen and close again: the new snapshot holds the late run; both steps are in the history", async () => {
    await reopenPeriod(conn, FEB, "finance@example.com", new Date("2024-03-03T09:00:00Z"));
    expect(await readClosing(conn, "2024-02")).toBeNull();
    await expect(reopenPeriod(conn, FEB, "x")).rejects.toMatchObject({ code: "conflict" });
    const again = await closePeriod(conn, FEB, "UTC", "cfo@example.com", new Date("2024-03-04T09:00:00Z"));
    const statement = JSON.parse(again.statementJson) as Statement;
    expect(statement.sections[0]!.totals.computeCents).toBe(1000 * 0 + 2050 + 525 + 1240);
    expect((await readEvents(conn, "2024-02")).map((e) => [e.action, e.actor])).toEqual([
      ["close", "cfo@example.com"],
      ["reopen", "finance@example.com"],
      ["close", "finance@example.com"],
    ]);
  });
});
