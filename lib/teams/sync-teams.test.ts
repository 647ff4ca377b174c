import { afterEach, describe, expect, test } from "vitest";
import { runSync } from "@/lib/sync/run-sync";
import { FAST_RETRY, startTestSimulator, tempStore } from "@/lib/sync/testing/fixtures";
import { applyTeamsConfig } from "./apply";
import type { TeamsConfig } from "./config";
import { resolveTeam } from "./rules";

/**
 * Runs that arrive by sync get their team in the batch that stores them: after a backfill, an
 * incremental sync of new runs and a full re-sync, every stored run's team is the resolver's.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe("teams of synced runs", () => {
  test("backfill, then rules, then an incremental sync and a full re-sync: every run carries the resolver's team", async () => {
    const sim = await startTestSimulator({ runs: 3000 });
    cleanups.push(() => sim.close());
    const temp = await tempStore();
    cleanups.push(() => temp.cleanup());
    const sync = (full = false) =>
      runSync({ store: temp.store, gateway: sim.connection(), spoolDir: temp.spoolDir, batchPages: 2, fetchOptions: { retry: FAST_RETRY }, full });
    await sync();

    const conn = await temp.store.connect();
    cleanups.push(() => conn.closeSync());
    const names = async (column: string) =>
      (await conn.runAndReadAll(`SELECT ${column} AS v, count(*) AS n FROM runs GROUP BY 1 ORDER BY n DESC, 1 LIMIT 3`)).getRowObjectsJS().map((r) => String(r.v));
    const [owner1, owner2] = await names("project_owner_name");
    const [user1] = await names("user_name");
    const config: TeamsConfig = {
      teams: [
        { name: "Platform", costCentre: "CC-1", managerEmail: null },
        { name: "Science", costCentre: null, managerEmail: null },
      ],
      rules: [
        { team: "Platform", kind: "owner", pattern: owner1! },
        { team: "Science", kind: "owner", pattern: `${owner2!.slice(0, 2)}*` },
        { team: "Science", kind: "user", pattern: user1! },
      ],
    };
    await applyTeamsConfig(temp.store, config);

    const check = async () => {
      const rows = (await conn.runAndReadAll("SELECT project_key, project_owner_name, user_name, team, cost_centre FROM runs")).getRowObjectsJS();
      let wrong = 0;
      const teams = new Set<string>();
      for (const r of rows) {
        const expected = resolveTeam(config.rules, { projectKey: String(r.project_key), owner: String(r.project_owner_name), user: String(r.user_name) }).team;
        teams.add(String(r.team));
        if (r.team !== expected || r.cost_centre !== (expected === "Platform" ? "CC-1" : "(none)")) wrong += 1;
      }
      return { runs: rows.length, wrong, teams: [...teams].sort() };
    };
    const afterApply = await check();
    expect(afterApply.wrong).toBe(0);
    expect(afterApply.teams).toEqual(["Platform", "Science", "Unallocated"]);

    // New runs arrive (a week later): the incremental sync stores them with their team.
    sim.clock.nowMs += 7 * 86_400_000;
    const summary = await sync();
    expect(summary.kind).toBe("incremental");
    const afterIncremental = await check();
    expect(afterIncremental.runs).toBeGreaterThan(afterApply.runs);
    expect(afterIncremental.wrong).toBe(0);

    // A full re-sync rebuilds the runs beside the live ones and switches: teams come along.
    await sync(true);
    const afterResync = await check();
    expect(afterResync.runs).toBe(afterIncremental.runs);
    expect(afterResync.wrong).toBe(0);
  });
});
