import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { postgresBinDir, startTempCluster, type TempCluster } from "../temp-cluster";

/**
 * Tests against a real PostgreSQL: one throw-away cluster per test file (initdb + pg_ctl on a
 * free port, stopped and removed after the file), a fresh database per test. Where PostgreSQL
 * is not installed the suites are skipped, except in CI (CI set), where .ci/run installs it and
 * a missing server is an error rather than a silent skip.
 */

export const pgAvailable = postgresBinDir() !== null;

if (!pgAvailable && process.env.CI) {
  throw new Error("PostgreSQL is not installed but CI is set: .ci/run installs it (apt-get install postgresql)");
}

/** `describe` when PostgreSQL can be started here, `describe.skip` otherwise. */
export const describeWithPostgres = pgAvailable ? describe : describe.skip;

/** Registers the file's cluster; call at the top of a describeWithPostgres block. */
export function usePgCluster(): { cluster: () => TempCluster; freshDatabase: () => Promise<string> } {
  let cluster: TempCluster | null = null;
  beforeAll(async () => {
    cluster = await startTempCluster();
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
  });
  return {
    cluster: () => cluster!,
    async freshDatabase() {
      const name = `t_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client(cluster!.url);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return cluster!.url.replace(/\/postgres$/, `/${name}`);
    },
  };
}
