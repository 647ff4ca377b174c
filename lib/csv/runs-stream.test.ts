import { existsSync, readdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { noFilters, type Filters } from "@/lib/contract/filters";
import { computeRunsPage } from "@/lib/analytics/runs-page";
import { RUN_SORT_SPECS as RUN_SORTS, type RunSort } from "@/lib/contract/sorts";
import { computeTotals } from "@/lib/analytics/totals";
import { type TestRun } from "@/lib/analytics/test-data";
import { addDays } from "@/lib/contract/days";
import { RUN_FIELDS } from "@/lib/gateway/run";
import type { Store } from "@/lib/store/db";
import { neutralise, unneutralise } from "@/lib/csv-format/neutralise";
import { parseCsv } from "@/lib/csv-format/rfc4180";
import { RUNS_CSV_HEADER } from "./runs-columns";
import { openRunsCsv, snapshotTwin, type RunsCsvOptions, type RunsCsvQuery } from "./runs-stream";
import { readDataInfo } from "@/lib/analytics/data-info";
import { seededRandom } from "@/lib/seeded-random";
import { STORE_KINDS, useStoreKind } from "@/lib/replica/testing/store-kinds";

/**
 * The runs CSV against the store's own answers: for random filters and sorts, the file holds
 * exactly the runs /api/totals counts, its cost column sums to the total to the cent, and
 * its rows come in /api/runs order, whatever the window sizes cut.
 */

const random = seededRandom(99);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const TIERS = ["Small", "Large", "GPU"];
const USERS = ["ann", "ben", "cy", "dee"];
const STATUSES = ["Succeeded", "Failed", "Running"];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"];
const START = Date.parse("2023-10-01T00:00:00Z");

// Few distinct times and costs: many ties, so windows are cut inside runs of equal keys.
const RUNS: TestRun[] = Array.from({ length: 700 }, (_, i) => {
  const at = new Date(START + Math.floor(random() * 120) * 86_400_000 + Math.floor(random() * 4) * 3_600_000).toISOString();
  return {
    id: `r${String(i).padStart(4, "0")}`,
    start: random() < 0.1 ? null : at,
    queued: at,
    tier: pick(TIERS),
    owner: pick(["ann", "ben"]),
    project: pick(["alpha", "beta", "gamma"]),
    user: pick(USERS),
    runType: pick(["Batch", "App"]),
    status: pick(STATUSES),
    cost: random() < 0.05 ? "-1.250000" : (Math.floor(random() * 40) * 0.123457).toFixed(6),
    currency: random() < 0.1 ? "EUR" : "USD",
    durationSec: Math.floor(random() * 5) * 900,
  };
});

let store: Store;
let conn: DuckDBConnection;
const tmpDir = mkdtempSync(path.join(os.tmpdir(), "runledger-csv-test-"));


async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function exportRuns(query: Partial<RunsCsvQuery>, options: RunsCsvOptions = {}) {
  const full: RunsCsvQuery = { filters: noFilters(), sort: "startedAt", dir: "desc", timeZone: "UTC", bom: false, ...query };
  const csv = await openRunsCsv(store, full, { tmpDir, ...options });
  const bytes = await readAll(csv.body);
  const [header, ...rows] = parseCsv(bytes.toString("utf8"));
  return { plan: csv.plan, bytes, header: header!, rows };
}

function randomFilters(): Filters {
  const f = noFilters();
  if (random() < 0.6) {
    f.from = addDays("2023-10-01", Math.floor(random() * 110));
    f.to = random() < 0.7 ? addDays(f.from, Math.floor(random() * 40)) : null;
  }
  if (random() < 0.4) f.tier = TIERS.filter(() => random() < 0.5);
  if (random() < 0.3) f.user = USERS.filter(() => random() < 0.5);
  if (random() < 0.3) f.status = STATUSES.filter(() => random() < 0.5);
  if (random() < 0.1) f.q = "ann/";
  return f;
}

const centsOf = (text: string) => {
  // Exact decimal text to integer micro-units, summed without floating point.
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const micros = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
  return negative ? -micros : micros;
};

// One set of tests, two stores: a plain DuckDB store, and a replica's store fed through PostgreSQL.
describe.each(STORE_KINDS)("on a %s store", (kind) => {
  const stores = useStoreKind(kind);
  beforeAll(async () => ({ store, conn } = await stores.fixtureStore(RUNS)), 60_000);
  afterAll(() => store.close());

  describe("runs CSV", () => {
    test("the header is the gateway's fields in its order, then the derived columns", async () => {
      const { header } = await exportRuns({});
      expect(header.slice(0, RUN_FIELDS.length)).toEqual([...RUN_FIELDS]);
      expect(header).toEqual([...RUNS_CSV_HEADER]);
      expect(header.slice(RUN_FIELDS.length)).toEqual(["computeHours", "projectKey", "startedAt", "startDate", "inFlight", "team", "costCentre"]);
    });

    test.each(Array.from({ length: 12 }, (_, i) => i))("random filters and sort #%i: rows, cost and order agree with totals and /api/runs", async () => {
      const filters = randomFilters();
      const timeZone = pick(ZONES);
      const sort = pick(Object.keys(RUN_SORTS) as RunSort[]);
      const dir = pick(["asc", "desc"] as const);
      const { plan, header, rows } = await exportRuns(
        { filters, sort, dir, timeZone },
        { firstWindowRows: 1 + Math.floor(random() * 20), windowRows: 5 + Math.floor(random() * 90) },
      );
      const { current } = await computeTotals(conn, filters, timeZone, null);
      expect(rows.length).toBe(current.runs);
      expect(plan.rowCount).toBe(current.runs);
      const col = (name: string) => header.indexOf(name);
      for (const { currency, cost } of current.costs) {
        const micros = rows
          .filter((r) => r[col("totalCostCurrency")] === currency)
          .reduce((sum, r) => sum + centsOf(r[col("totalCostAmount")]!), 0n);
        // Rounded half away from zero to the cent, as the store rounds.
        const cents = Number((micros + (micros >= 0n ? 5_000n : -5_000n)) / 10_000n) / 100;
        expect(cents).toBe(cost);
      }
      expect(plan.currencies).toEqual(current.costs.map((c) => c.currency).sort());
      const page = await computeRunsPage(conn, filters, timeZone, { sort, dir, offset: 0, limit: 10_000 });
      expect(rows.map((r) => r[col("runId")])).toEqual(page.rows.map((r) => r.runId));
    });

    test.each(["cost", "user", "startedAt"] as const)("two connections writing windows at once give the same bytes as one (%s)", async (sort) => {
      const options = { firstWindowRows: 7, windowRows: 40 };
      const one = await exportRuns({ sort, dir: "asc", timeZone: "Europe/Berlin" }, { ...options, writers: 1 });
      const two = await exportRuns({ sort, dir: "asc", timeZone: "Europe/Berlin" }, { ...options, writers: 2 });
      expect(one.rows).toHaveLength(RUNS.length);
      expect(two.bytes.equals(one.bytes)).toBe(true);
    });

    test("a sync committing while the file is written changes nothing in it", async () => {
      const { store: s, conn: c } = await stores.fixtureStore(RUNS);
      try {
        const csv = await openRunsCsv(s, { filters: noFilters(), sort: "startedAt", dir: "desc", timeZone: "UTC", bom: false }, { tmpDir, firstWindowRows: 10, windowRows: 60 });
        // As lib/sync commits: the change to runs and the data_version bump in one transaction.
        await c.run("BEGIN TRANSACTION");
        await c.run("DELETE FROM runs WHERE run_id < 'r0350'");
        await c.run("UPDATE sync_state SET data_version = data_version + 1 WHERE id = 1");
        await c.run("COMMIT");
        const [header, ...rows] = parseCsv((await readAll(csv.body)).toString("utf8"));
        expect(csv.plan.rowCount).toBe(RUNS.length);
        expect(rows.map((r) => r[header!.indexOf("runId")]).sort()).toEqual(RUNS.map((r) => r.id).sort());
      } finally {
        s.close();
      }
    });

    test("a second connection is used only when it reads the plan's data version", async () => {
      const { store: s, conn: c } = await stores.fixtureStore(RUNS.slice(0, 20));
      try {
        const { dataVersion } = await readDataInfo(c);
        expect(await snapshotTwin(s, dataVersion + 1)).toBeNull();
        const twin = await snapshotTwin(s, dataVersion);
        expect(twin).not.toBeNull();
        // Its transaction is open: a later commit is not seen.
        await c.run("DELETE FROM runs");
        const [row] = (await twin!.runAndReadAll("SELECT count(*) AS n FROM runs")).getRowObjectsJS();
        expect(Number(row!.n)).toBe(20);
        twin!.closeSync();
      } finally {
        s.close();
      }
    });

    test("times: gateway fields in UTC, startedAt and startDate in the configured zone", async () => {
      const { store: s } = await stores.fixtureStore();
      try {
        const csv = await openRunsCsv(s, { filters: { ...noFilters(), q: null, tier: [] }, sort: "startedAt", dir: "asc", timeZone: "Europe/Berlin", bom: false }, { tmpDir });
        const [header, ...rows] = parseCsv((await readAll(csv.body)).toString("utf8"));
        const byId = new Map(rows.map((r) => [r[header!.indexOf("runId")], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
        expect(byId.get("r1")).toMatchObject({
          startTime: "2024-01-31T23:30:00.000Z",
          queuedTime: "2024-01-31T23:30:00.000Z",
          endTime: "",
          startedAt: "2024-02-01T00:30:00.000+01:00",
          startDate: "2024-02-01",
          totalCostAmount: "10.000000",
          hardwareTierCostAmount: "0.00110000",
          runDurationSec: "3600",
          computeHours: "1.0",
          projectKey: "alice/alpha",
          inFlight: "false",
        });
        expect(byId.get("r3")).toMatchObject({ startTime: "", startedAt: "2024-02-10T13:00:00.000+01:00", inFlight: "true" });
        expect(byId.get("r7")).toMatchObject({ startedAt: "2024-04-02T00:30:00.000+02:00", startDate: "2024-04-02" });
        const kolkata = await openRunsCsv(s, { filters: noFilters(), sort: "startedAt", dir: "asc", timeZone: "Asia/Kolkata", bom: false }, { tmpDir });
        const text = (await readAll(kolkata.body)).toString("utf8");
        expect(text).toContain(",2024-02-01T05:00:00.000+05:30,2024-02-01,");
      } finally {
        s.close();
      }
    });

    test("hostile values survive a round trip unchanged but for the formula prefix; numbers stay numbers", async () => {
      const hostile = [
        "a, b, c",
        'say "hi"',
        "two\nlines",
        "cr\r\nlf",
        "Ünïcödé 漢字 العربية",
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+2",
        "-2-3",
        "@SUM(A1)",
        "\tTab",
        "\rReturn",
        "'=already",
        "",
      ];
      const { store: s } = await stores.fixtureStore(
        hostile.map((title, i) => ({
          id: `h${i}`,
          start: `2024-05-0${1 + (i % 9)}T10:00:00.000Z`,
          tier: i === 3 ? "=GPU" : "Small",
          owner: "-owner",
          project: "@proj",
          user: "+user",
          runType: "Batch",
          status: "Succeeded",
          cost: i % 2 === 0 ? "-3.500000" : "2.000001",
          durationSec: 60,
          title,
          command: title,
        })),
      );
      try {
        const csv = await openRunsCsv(s, { filters: noFilters(), sort: "startedAt", dir: "asc", timeZone: "UTC", bom: false }, { tmpDir });
        const [header, ...rows] = parseCsv((await readAll(csv.body)).toString("utf8"));
        const at = (row: string[], name: string) => row[header!.indexOf(name)]!;
        const byId = new Map(rows.map((r) => [at(r, "runId"), r]));
        hostile.forEach((title, i) => {
          const row = byId.get(`h${i}`)!;
          expect(at(row, "title")).toBe(neutralise(title));
          // A value that already starts with the prefix is kept as it is, so it cannot be told apart.
          if (!title.startsWith("'")) expect(unneutralise(at(row, "title"))).toBe(title);
          expect(at(row, "command")).toBe(neutralise(title));
          expect(at(row, "totalCostAmount")).toBe(i % 2 === 0 ? "-3.500000" : "2.000001");
        });
        const first = byId.get("h5")!;
        expect(at(first, "title").startsWith("'=")).toBe(true);
        expect(at(first, "projectOwnerName")).toBe("'-owner");
        expect(at(first, "projectName")).toBe("'@proj");
        expect(at(first, "userName")).toBe("'+user");
        expect(at(first, "projectKey")).toBe("'-owner/@proj");
        expect(at(byId.get("h3")!, "hardwareTier")).toBe("'=GPU");
        expect(at(byId.get("h11")!, "title")).toBe("'=already");
        expect(rows).toHaveLength(hostile.length);
      } finally {
        s.close();
      }
    });

    test("RFC 4180 framing: CRLF line ends, quotes only where needed", async () => {
      const { bytes } = await exportRuns({ sort: "startedAt", dir: "desc" });
      const text = bytes.toString("utf8");
      expect(text.endsWith("\r\n")).toBe(true);
      expect(text.replaceAll("\r\n", "")).not.toMatch(/\n/);
      expect(text.split("\r\n")[0]).toBe(RUNS_CSV_HEADER.join(","));
    });

    test("the Excel variant is the same bytes after a UTF-8 byte order mark", async () => {
      const plain = await exportRuns({ sort: "cost", dir: "asc" });
      const excel = await exportRuns({ sort: "cost", dir: "asc", bom: true });
      expect([...excel.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(excel.bytes.subarray(3).equals(plain.bytes)).toBe(true);
    });

    test("no matching runs: the header line alone", async () => {
      const { rows, bytes, plan } = await exportRuns({ filters: { ...noFilters(), tier: ["none such"] } });
      expect(rows).toEqual([]);
      expect(plan.rowCount).toBe(0);
      expect(bytes.toString("utf8")).toBe(`${RUNS_CSV_HEADER.join(",")}\r\n`);
    });

    test("more rows than a configured limit: refused before any byte, never cut", async () => {
      await expect(openRunsCsv(store, { filters: noFilters(), sort: "startedAt", dir: "desc", timeZone: "UTC", bom: false }, { maxRows: 10, tmpDir })).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringContaining("more than this server's CSV limit of 10"),
      });
    });

    test("cancelling stops the work and deletes the temporary files", async () => {
      const own = mkdtempSync(path.join(os.tmpdir(), "runledger-csv-cancel-"));
      const csv = await openRunsCsv(store, { filters: noFilters(), sort: "cost", dir: "desc", timeZone: "UTC", bom: false }, { tmpDir: own, firstWindowRows: 5, windowRows: 50 });
      const reader = csv.body.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      expect(readdirSync(own)).toHaveLength(1);
      await reader.cancel();
      expect(readdirSync(own)).toEqual([]);
    });

    test("an aborted request signal stops the work and deletes the temporary files", async () => {
      const own = mkdtempSync(path.join(os.tmpdir(), "runledger-csv-abort-"));
      const controller = new AbortController();
      const csv = await openRunsCsv(store, { filters: noFilters(), sort: "user", dir: "asc", timeZone: "UTC", bom: false }, { tmpDir: own, firstWindowRows: 5, windowRows: 50, signal: controller.signal });
      const reader = csv.body.getReader();
      await reader.read();
      controller.abort();
      await expect.poll(() => readdirSync(own)).toEqual([]);
      expect(existsSync(own)).toBe(true);
    });
  });
});
