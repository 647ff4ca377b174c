import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore, type Store } from "@/lib/store/db";
import { insertShareLink, listShareLinks, revokeShareLink, shareLinkState } from "./share-links";

let store: Store;
beforeAll(async () => {
  store = await openStore(":memory:");
});
afterAll(() => store.close());

test("links are listed newest first, revoked once, and unknown ids count as revoked", async () => {
  const exp = Date.UTC(2030, 0, 1);
  await insertShareLink({ id: "a", page: "/tiers", query: "tier=Large", csv: true, exp }, "admin", Date.UTC(2025, 0, 1), store);
  await insertShareLink({ id: "b", page: "/", query: "", csv: false, exp }, "ann", Date.UTC(2025, 0, 2), store);
  expect((await listShareLinks(store)).map((l) => l.id)).toEqual(["b", "a"]);
  expect(await shareLinkState("a", store)).toBe("active");

  expect(await revokeShareLink("a", Date.UTC(2025, 0, 3), store)).toBe(true);
  expect(await revokeShareLink("a", Date.UTC(2025, 0, 4), store)).toBe(true);
  expect(await revokeShareLink("zzz", Date.now(), store)).toBe(false);
  expect(await shareLinkState("a", store)).toBe("revoked");
  expect(await shareLinkState("b", store)).toBe("active");
  expect(await shareLinkState("never-made", store)).toBe("revoked");

  const a = (await listShareLinks(store)).find((l) => l.id === "a");
  expect(a).toEqual({
    id: "a",
    page: "/tiers",
    query: "tier=Large",
    csv: true,
    createdAt: "2025-01-01T00:00:00.000Z",
    expiresAt: "2030-01-01T00:00:00.000Z",
    createdBy: "admin",
    revokedAt: "2025-01-03T00:00:00.000Z",
  });
});
