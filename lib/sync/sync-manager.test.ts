import { afterEach, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { SyncManager } from "./sync-manager";
import { tempStore } from "./testing/fixtures";

/**
 * A sync that fails where the store cannot record the failure either (the disk holding
 * DATA_DIR is full): nothing may reject unhandled, and the status still says what happened.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function diskFull(): Error {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
}

/** The store, with its next `failures` connections refused as on a full disk. */
function failingStore(store: Store, failures: { left: number }): Store {
  return {
    instance: store.instance,
    file: store.file,
    close: () => store.close(),
    connect: () => (failures.left-- > 0 ? Promise.reject(diskFull()) : store.connect()),
  };
}

test("a failure the store cannot record still shows in the status, and nothing rejects unhandled", async () => {
  const temp = await tempStore();
  cleanups.push(() => temp.cleanup());
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  cleanups.push(() => process.off("unhandledRejection", onUnhandled));

  const failures = { left: 0 };
  const logged: string[] = [];
  const manager = new SyncManager({
    store: failingStore(temp.store, failures),
    gateway: async () => {
      failures.left = 1; // the sync's failure, then the store refusing to record it
      throw diskFull();
    },
    spoolDir: temp.spoolDir,
    log: (m) => logged.push(m),
  });

  // Started and not awaited, as the schedule does.
  const { done } = manager.request();
  expect(await done).toBeNull();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
  expect(logged.some((m) => m.includes("could not record the failure"))).toBe(true);

  const status = await manager.status();
  expect(status.running).toBe(false);
  expect(status.lastError?.code).toBe("disk_full");
  expect(status.lastError?.message).toContain("disk holding DATA_DIR is full");
});

test("a failure the store records is the status's last error; a newer failure replaces it", async () => {
  const temp = await tempStore();
  cleanups.push(() => temp.cleanup());
  let fail = true;
  const manager = new SyncManager({
    store: temp.store,
    gateway: async () => {
      if (fail) throw diskFull();
      return { baseUrl: "http://127.0.0.1:9", auth: { kind: "api-key", secret: "k" }, limit: 10, timeoutMs: 1_000 };
    },
    spoolDir: temp.spoolDir,
    log: () => {},
    syncOptions: { fetchOptions: { retry: { attempts: 1 } } },
  });
  expect(await manager.syncNow()).toBeNull();
  expect((await manager.status()).lastError?.code).toBe("disk_full");
  fail = false;
  // Port 9 refuses the connection: a different failure replaces the first.
  expect(await manager.syncNow()).toBeNull();
  expect((await manager.status()).lastError?.code).toBe("upstream_unavailable");
});
