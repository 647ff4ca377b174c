import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openStore, type Store } from "@/lib/store/db";
import { FIXTURE, insertRuns } from "@/lib/analytics/test-data";
import { createBudget } from "@/lib/budgets/service";
import { withConnection } from "@/lib/store/db";
import { claimDue, listDeliveries } from "./deliveries";
import { evaluateBudgets } from "./evaluate";
import { verifyWebhook } from "./signature";
import { realTransports, type Transports } from "./transports";
import { startSmtpReceiver, startWebhookReceiver } from "./test-receivers";
import { DeliveryWorker } from "./worker";

/**
 * Alerts over real transports: a node:http receiver and an SMTP server (smtp-server) on
 * 127.0.0.1, a DuckDB file that is closed and opened again for restarts. February 2024 in UTC
 * spends 25.75 USD in the fixture, so a 30 USD budget has crossed 50 % and 80 %.
 */

const NOW = Date.parse("2024-02-20T12:00:00Z");
const SECRET = Buffer.from("test-webhook-secret-0123456789");
const FAST = [20, 20, 20, 20];
/** The tests' clock: February 2024, moving at real speed (the worker's retries wait real time). */
const t0 = Date.now();
const clock = () => NOW + (Date.now() - t0);

let dir: string;
let file: string;
let store: Store;
const closers: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "runledger-alerts-"));
  file = path.join(dir, "runledger.duckdb");
  store = await openStore(file);
  const conn = await store.connect();
  await insertRuns(conn, FIXTURE, { fill: true });
  conn.closeSync();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function transports(smtpUrl?: string): Transports {
  return realTransports({ webhookSecret: SECRET, smtpUrl, smtpFrom: "Runledger <alerts@runledger.test>", timeoutMs: 3000 });
}

async function budget(channels: unknown[], actual = [50, 80]) {
  return createBudget(
    { name: "February", amount: "30", currency: "USD", thresholds: { actual, forecast: [] }, channels },
    "admin",
    { store, timeZone: "UTC", now: NOW },
  );
}

async function deliveries() {
  return withConnection(store, (conn) => listDeliveries(conn));
}

async function run(worker: DeliveryWorker) {
  await worker.kick();
  await worker.idle();
}

async function until(check: () => Promise<boolean> | boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("alerts", () => {
  test("one message per crossing and channel, signed, never twice", async () => {
    const hook = await startWebhookReceiver();
    const smtp = await startSmtpReceiver();
    closers.push(hook.close, smtp.close);
    await budget([{ type: "webhook", url: hook.url }, { type: "email", to: "finance@example.com" }]);
    const worker = new DeliveryWorker({ store, transports: transports(smtp.url), schedule: FAST, now: clock });
    closers.push(() => worker.stop());

    expect(await evaluateBudgets(store, "UTC", NOW)).toMatchObject({ budgets: 1, crossings: 2, recorded: 4 });
    await run(worker);
    expect(hook.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);

    // Evaluated again (another sync, a budget edit): nothing new is sent.
    expect(await evaluateBudgets(store, "UTC", NOW + 60_000)).toMatchObject({ crossings: 2, recorded: 0 });
    await run(worker);
    expect(hook.received).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);

    const bodies = hook.received.map((r) => JSON.parse(r.body) as { id: string; text: string; threshold: { percent: number } });
    expect(bodies.map((b) => b.threshold.percent).sort()).toEqual([50, 80]);
    for (const [i, r] of hook.received.entries()) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["idempotency-key"]).toBe(bodies[i]!.id);
      expect(r.headers["x-runledger-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhook(SECRET, String(r.headers["x-runledger-timestamp"]), r.body, String(r.headers["x-runledger-signature"]))).toBe(true);
      // A body changed on the way does not verify.
      expect(verifyWebhook(SECRET, String(r.headers["x-runledger-timestamp"]), r.body.replace("February", "March"), String(r.headers["x-runledger-signature"]))).toBe(false);
      expect(bodies[i]!.text).toContain('Budget "February"');
    }
    for (const mail of smtp.received) {
      expect(mail.to).toEqual(["finance@example.com"]);
      expect(mail.raw).toMatch(/^Message-ID: <[0-9a-f]{32}@runledger>/im);
      expect(mail.raw).toContain("text/plain");
      expect(mail.raw).toContain("text/html");
    }
    const rows = await deliveries();
    expect(rows.map((d) => [d.status, d.tries])).toEqual([["sent", 1], ["sent", 1], ["sent", 1], ["sent", 1]]);
  });

  test("a restart between evaluation and delivery sends once", async () => {
    const hook = await startWebhookReceiver();
    closers.push(hook.close);
    await budget([{ type: "webhook", url: hook.url }], [50]);
    expect((await evaluateBudgets(store, "UTC", NOW)).recorded).toBe(1);
    // The server stops before its worker sent anything; a new process opens the same file.
    store.close();
    store = await openStore(file);
    expect((await deliveries())[0]).toMatchObject({ status: "pending", tries: 0 });
    const worker = new DeliveryWorker({ store, transports: transports(), schedule: FAST, now: clock });
    closers.push(() => worker.stop());
    // The new process evaluates after its first sync too.
    expect((await evaluateBudgets(store, "UTC", NOW + 1000)).recorded).toBe(0);
    await run(worker);
    await run(worker);
    expect(hook.received).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ status: "sent", tries: 1 });
  });

  test("a process killed mid-delivery: the try is repeated with the same idempotency key after the lease", async () => {
    const hook = await startWebhookReceiver();
    closers.push(hook.close);
    await budget([{ type: "webhook", url: hook.url }], [50]);
    await evaluateBudgets(store, "UTC", NOW);
    // A process claimed the delivery and died before recording the outcome.
    const claimed = await withConnection(store, (conn) => claimDue(conn, clock(), 60_000));
    expect(claimed).not.toBeNull();
    store.close();
    store = await openStore(file);
    // The restarted process's clock, moved past the lease below.
    let skip = 0;
    const worker = new DeliveryWorker({ store, transports: transports(), schedule: FAST, now: () => clock() + skip });
    closers.push(() => worker.stop());
    await run(worker);
    expect(hook.received).toHaveLength(0); // the lease still holds
    skip = 61_000;
    await run(worker);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers["idempotency-key"]).toBe(claimed!.id);
    expect((await deliveries())[0]).toMatchObject({ status: "sent", tries: 2 });
  });

  test("a receiver answering 500 three times, then 200, gets it once", async () => {
    const hook = await startWebhookReceiver((n) => (n <= 3 ? 500 : 200));
    closers.push(hook.close);
    await budget([{ type: "webhook", url: hook.url }], [50]);
    const worker = new DeliveryWorker({ store, transports: transports(), schedule: FAST, now: clock });
    closers.push(() => worker.stop());
    await evaluateBudgets(store, "UTC", NOW);
    await worker.kick();
    await until(async () => (await deliveries())[0]?.status === "sent");
    expect(hook.received.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(hook.accepted()).toHaveLength(1);
    expect(new Set(hook.received.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect((await deliveries())[0]).toMatchObject({ status: "sent", tries: 4, lastError: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(hook.received).toHaveLength(4);
  });

  test("a bad webhook URL and a bad SMTP host end as failed deliveries with a clear error", async () => {
    // A port nothing listens on (taken from the system, then let go) for both.
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    await budget([
      { type: "webhook", url: `http://127.0.0.1:${free}/hook` },
      { type: "email", to: "ops@example.com" },
    ], [50]);
    const worker = new DeliveryWorker({ store, transports: transports(`smtp://127.0.0.1:${free}`), schedule: [100], maxAgeMs: 1000, now: clock });
    closers.push(() => worker.stop());
    await evaluateBudgets(store, "UTC", clock());
    expect((await deliveries()).length).toBe(2);
    await worker.kick();
    await until(async () => (await deliveries()).every((d) => d.status === "failed"));
    const rows = await deliveries();
    const webhook = rows.find((d) => d.channelType === "webhook")!;
    const email = rows.find((d) => d.channelType === "email")!;
    expect(webhook.lastError).toBe(`webhook http://127.0.0.1:${free}/hook could not be reached: ECONNREFUSED`);
    expect(email.lastError).toMatch(new RegExp(`^e-mail to ops@example.com via 127.0.0.1:${free} failed: ESOCKET \\(connect ECONNREFUSED 127.0.0.1:${free}\\)$`));
    expect(webhook.tries).toBeGreaterThan(1);
  });

  test("paused budgets and budgets without channels send nothing", async () => {
    const hook = await startWebhookReceiver();
    closers.push(hook.close);
    const b = await budget([{ type: "webhook", url: hook.url }], [50]);
    const { patchBudget } = await import("@/lib/budgets/service");
    await patchBudget(b.id, { paused: true }, { store, timeZone: "UTC", now: NOW });
    expect(await evaluateBudgets(store, "UTC", NOW)).toMatchObject({ budgets: 0, recorded: 0 });
  });
});
