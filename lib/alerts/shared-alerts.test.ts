import { afterEach, expect, test } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { FIXTURE, insertRuns } from "@/lib/analytics/test-data";
import { budgetStatuses, createBudget, getBudget, patchBudget, removeBudget, type BudgetContext } from "@/lib/budgets/service";
import { openStore, type Store } from "@/lib/store/db";
import { describeWithPostgres, usePgCluster } from "@/lib/store/postgres/testing/pg-fixture";
import { replicaTables, type ReplicaTables } from "@/lib/store/postgres/testing/replica-tables";
import { claimDue, listDeliveries } from "./deliveries";
import { evaluateBudgets } from "./evaluate";
import { realTransports } from "./transports";
import { startWebhookReceiver } from "./test-receivers";
import { DeliveryWorker } from "./worker";

/**
 * Budgets and alert deliveries with DATABASE_URL: two replicas, each with its own DuckDB copy of
 * the runs (the fixture) and its own pool on one PostgreSQL database. A budget edited on one is
 * what the other shows and evaluates; a crossing both evaluate at once is recorded once (the
 * UNIQUE key, INSERT … ON CONFLICT DO NOTHING) and sent once to a real HTTP receiver, whichever
 * replica's worker claims it. February 2024 in UTC spends 25.75 USD in the fixture.
 */

const NOW = Date.parse("2024-02-20T12:00:00Z");
const t0 = Date.now();
const clock = () => NOW + (Date.now() - t0);
const SECRET = Buffer.from("test-webhook-secret-0123456789");
const closers: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Replica {
  store: Store;
  shared: ReplicaTables;
  ctx: BudgetContext;
}

async function replica(url: string): Promise<Replica> {
  const store = await openStore(":memory:");
  const conn = await store.connect();
  await insertRuns(conn, FIXTURE, { fill: true });
  conn.closeSync();
  const shared = await replicaTables(url);
  closers.push(() => store.close(), () => shared.close());
  return { store, shared, ctx: { store, tables: shared.tables, timeZone: "UTC", now: NOW } };
}

function worker(r: Replica, leaseMs = 120_000): DeliveryWorker {
  const w = new DeliveryWorker({
    store: r.store,
    tables: r.shared.tables,
    transports: realTransports({ webhookSecret: SECRET, smtpUrl: undefined, smtpFrom: "Runledger <alerts@runledger.test>", timeoutMs: 3000 }),
    schedule: [20],
    leaseMs,
    now: clock,
  });
  closers.push(() => w.stop());
  return w;
}

describeWithPostgres("budgets and alert deliveries shared by replicas", () => {
  const pg = usePgCluster();

  test("a budget made on A is listed with its figures on B; edited on A, B reads the edit; deleted on B, A has it no more", async () => {
    const url = await pg.freshDatabase();
    const [a, b] = [await replica(url), await replica(url)];
    const made = await createBudget({ name: "February", amount: "30", currency: "USD", thresholds: { actual: [80], forecast: [] }, channels: [] }, "admin", a.ctx);

    const [onB] = await budgetStatuses(b.ctx);
    expect(onB?.budget).toEqual(made);
    expect(onB?.actual).toBe((await budgetStatuses(a.ctx))[0]?.actual);

    await patchBudget(made.id, { amount: "25.50", paused: true }, { ...a.ctx, now: NOW + 1_000 });
    expect(await getBudget(made.id, b.ctx)).toMatchObject({ amount: "25.50", paused: true, updatedAt: new Date(NOW + 1_000).toISOString() });

    // The name is unique across replicas too.
    const clash = await createBudget({ name: "february", amount: "1", currency: "USD", thresholds: { actual: [80], forecast: [] }, channels: [] }, "admin", b.ctx).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ApiError);
    expect((clash as ApiError).field).toBe("name");

    await removeBudget(made.id, b.ctx);
    const gone = await getBudget(made.id, a.ctx).catch((e: unknown) => e);
    expect((gone as ApiError).code).toBe("not_found");
    expect(await budgetStatuses(a.ctx)).toEqual([]);
  });

  test("both replicas evaluate the same crossing at once: recorded once, sent once, whichever worker takes it", async () => {
    const url = await pg.freshDatabase();
    const [a, b] = [await replica(url), await replica(url)];
    const hook = await startWebhookReceiver();
    closers.push(hook.close);
    await createBudget({ name: "February", amount: "30", currency: "USD", thresholds: { actual: [50, 80], forecast: [] }, channels: [{ type: "webhook", url: hook.url }] }, "admin", a.ctx);

    const results = await Promise.all([a, b].map((r) => evaluateBudgets(r.store, "UTC", NOW, { tables: r.shared.tables })));
    expect(results.map((r) => r.crossings)).toEqual([2, 2]);
    expect(results[0]!.recorded + results[1]!.recorded).toBe(2);

    const [wa, wb] = [worker(a), worker(b)];
    await Promise.all([wa.kick(), wb.kick()]);
    await Promise.all([wa.idle(), wb.idle()]);
    expect(hook.accepted()).toHaveLength(2);
    const keys = hook.received.map((r) => String(r.headers["idempotency-key"]));
    expect(new Set(keys).size).toBe(2);

    // Evaluated again on both (another sync, a budget edit): nothing new recorded or sent.
    const again = await Promise.all([a, b].map((r) => evaluateBudgets(r.store, "UTC", NOW + 60_000, { tables: r.shared.tables })));
    expect(again.map((r) => r.recorded)).toEqual([0, 0]);
    await Promise.all([wa.kick(), wb.kick()]);
    expect(hook.received).toHaveLength(2);
    for (const r of [a, b]) {
      expect((await listDeliveries(r.shared.tables)).map((d) => [d.status, d.tries])).toEqual([["sent", 1], ["sent", 1]]);
    }
  });

  test("a replica that dies after claiming a delivery: another sends it once its lease runs out", async () => {
    const url = await pg.freshDatabase();
    const [a, b] = [await replica(url), await replica(url)];
    const hook = await startWebhookReceiver();
    closers.push(hook.close);
    await createBudget({ name: "February", amount: "30", currency: "USD", thresholds: { actual: [80], forecast: [] }, channels: [{ type: "webhook", url: hook.url }] }, "admin", a.ctx);
    expect((await evaluateBudgets(a.store, "UTC", NOW, { tables: a.shared.tables })).recorded).toBe(1);

    // A claims it with a short lease and dies before sending.
    expect(await claimDue(a.shared.tables, clock(), 200)).not.toBeNull();
    const wb = worker(b);
    await wb.kick();
    expect(hook.received).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    await wb.kick();
    await wb.idle();
    expect(hook.accepted()).toHaveLength(1);
    expect((await listDeliveries(a.shared.tables)).map((d) => [d.status, d.tries])).toEqual([["sent", 2]]);
  });
});
