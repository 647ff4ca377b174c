import { expect, test } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

test.each([
  ["postgres://runledger:secret@db.internal:5432/runledger"],
  ["postgresql://db/runledger?sslmode=require"],
  ["postgres:///runledger?host=/var/run/postgresql"],
])("DATABASE_URL %s is accepted", (url) => {
  expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
});

test.each([["mysql://db/runledger"], ["postgres://db"], ["db.internal:5432"], ["not a url"]])(
  "DATABASE_URL %s stops start-up naming the variable",
  (url) => {
    let thrown: unknown;
    try {
      parseEnv({ DATABASE_URL: url });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    expect((thrown as EnvError).variable).toBe("DATABASE_URL");
  },
);

test("without DATABASE_URL nothing changes: no shared database, per-request checks off by default", () => {
  const settings = parseEnv({});
  expect(settings.DATABASE_URL).toBeUndefined();
  expect(settings.REPLICA_SYNC_INTERVAL_SECONDS).toBeUndefined();
  expect(settings.REPLICA_FRESHNESS_MS).toBe(0);
});
