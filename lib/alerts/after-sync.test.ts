import { afterEach, expect, test } from "vitest";
import { SyncManager } from "@/lib/sync/sync-manager";
import { startTestSimulator, tempStore } from "@/lib/sync/testing/fixtures";
import { createBudget } from "@/lib/budgets/service";
import { withConnection } from "@/lib/store/db";
import { listDeliveries } from "./deliveries";
import { evaluateBudgets } from "./evaluate";
import { realTransports } from "./transports";
import { startWebhookReceiver } from "./test-receivers";
import { DeliveryWorker } from "./worker";

/**
 * The wiring the server uses (lib/alerts/runtime.ts): the sync manager calls back after a sync
 * that changed data, the budgets are evaluated, the worker sends. A real sync from the gateway
 * simulator over HTTP, a real webhook receiver.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

test("a sync that brings new runs crosses a threshold: one message; a sync without changes sends nothing more", async () => {
  const sim = await startTestSimulator({ runs: 3000, anchorMs: Date.UTC(2025, 5, 20, 12) });
  const temp = await tempStore();
  const hook = await startWebhookReceiver();
  cleanups.push(() => sim.close(), () => temp.cleanup(), () => hook.close());
  const worker = new DeliveryWorker({
    store: temp.store,
    transports: realTransports({ webhookSecret: Buffer.from("k".repeat(32)), smtpUrl: undefined, smtpFrom: "x@y" }),
    now: () => sim.clock.nowMs,
  });
  cleanups.push(() => worker.stop());
  let evaluations = 0;
  const manager = new SyncManager({
    store: temp.store,
    gateway: async () => sim.connection(),
    spoolDir: temp.spoolDir,
    log: () => {},
    onDataChanged: async () => {
      evaluations += 1;
      await evaluateBudgets(temp.store, "UTC", sim.clock.nowMs);
      await worker.kick();
    },
  });

  await manager.syncNow();
  await expect.poll(() => evaluations).toBe(1);
  // A budget far above the month's spend: nothing crossed yet.
  const status = await createBudget(
    { name: "June", amount: "999999", currency: "USD", thresholds: { actual: [1], forecast: [] }, channels: [{ type: "webhook", url: hook.url }] },
    "admin",
    { store: temp.store, timeZone: "UTC", now: sim.clock.nowMs },
  );
  expect(status.name).toBe("June");
  // Its amount lowered (this test wires no evaluation to budget changes), then time passes: the
  // next sync reads new runs, and its evaluation finds the 1 % threshold crossed.
  const { patchBudget } = await import("@/lib/budgets/service");
  await patchBudget(status.id, { amount: "1" }, { store: temp.store, timeZone: "UTC", now: sim.clock.nowMs });
  sim.clock.nowMs += 3_600_000;
  await manager.syncNow();
  await expect.poll(() => hook.received.length, { timeout: 10_000 }).toBe(1);
  // The outcome is recorded just after the receiver answers.
  await expect.poll(async () => (await withConnection(temp.store, (conn) => listDeliveries(conn)))[0]?.status).toBe("sent");
  const rows = await withConnection(temp.store, (conn) => listDeliveries(conn));
  expect(rows).toMatchObject([{ budgetName: "June", thresholdKind: "actual", thresholdPct: 1, status: "sent", tries: 1 }]);

  // More syncs (with or without new runs): the crossing is already recorded.
  sim.clock.nowMs += 3_600_000;
  await manager.syncNow();
  await manager.syncNow();
  await new Promise((r) => setTimeout(r, 200));
  expect(hook.received).toHaveLength(1);
});
