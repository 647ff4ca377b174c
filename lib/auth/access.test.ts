import { describe, expect, test } from "vitest";
import { decide } from "./access";
import type { Principal } from "./principal";

const admin: Principal = { kind: "admin", user: "admin", via: "session" };
const token: Principal = { kind: "token" };
const share: Principal = { kind: "share", scope: { id: "x", page: "/users", query: "user=ann", csv: false, exp: Date.now() + 60_000 } };
const nobody: Principal = { kind: "anonymous", problem: "none" };

const action = (p: Principal, method: string, path: string, query = "") => {
  const d = decide(p, method, path, new URLSearchParams(query));
  return d.action === "allow" ? "allow" : d.action === "api-error" ? d.status : d.action === "page-error" ? `page ${d.status}` : d.action;
};

describe("admin-only actions, route by route", () => {
  test.each([
    ["POST", "/api/sync"],
    ["POST", "/api/share-links"],
    ["GET", "/api/share-links"],
    ["DELETE", "/api/share-links/abc"],
  ])("%s %s: admin yes, token 403, share 403, nobody 401", (method, path) => {
    expect(action(admin, method, path)).toBe("allow");
    expect(action(token, method, path)).toBe(403);
    expect(action(share, method, path)).toBe(403);
    expect(action(nobody, method, path)).toBe(401);
  });
});

describe("reading", () => {
  test.each(["/api/totals", "/api/runs.csv", "/v4/gateway/runs/getByBatchId", "/api/sync"])("GET %s: token yes, nobody 401", (path) => {
    expect(action(token, "GET", path)).toBe("allow");
    expect(action(nobody, "GET", path)).toBe(401);
  });

  test("pages: nobody is sent to sign in; a shared view sees its page only", () => {
    expect(action(nobody, "GET", "/tiers")).toBe("sign-in");
    expect(action(share, "GET", "/users")).toBe("allow");
    expect(action(share, "GET", "/projects")).toBe("page 403");
    expect(action(share, "GET", "/v4/gateway/runs/getByBatchId")).toBe(403);
  });

  test("public paths stay open", () => {
    for (const path of ["/sign-in", "/api/auth/sign-in", "/api/health", "/s/abc.def", "/_next/static/x.js"]) {
      expect(action(nobody, "GET", path)).toBe("allow");
    }
  });

  test("refused links: 410 expired or revoked, 403 tampered, never a sign-in redirect", () => {
    expect(action({ kind: "anonymous", problem: "share-expired" }, "GET", "/users")).toBe("page 410");
    expect(action({ kind: "anonymous", problem: "share-revoked" }, "GET", "/api/totals")).toBe(410);
    expect(action({ kind: "anonymous", problem: "share-tampered" }, "GET", "/users")).toBe("page 403");
    expect(action({ kind: "anonymous", problem: "bad-token" }, "GET", "/api/totals")).toBe(401);
  });
});

describe("the origin rule comes first", () => {
  test("a cross-site write answers 403 naming the reason; reading is untouched", async () => {
    const { originDecision } = await import("./access");
    const { parseAddressList } = await import("./client-address");
    const settings = { publicOrigin: null, trustedProxies: parseAddressList("") };
    const write = new Request("http://dash.local/api/share-links", { method: "POST", headers: { host: "dash.local", origin: "https://evil.example" } });
    expect(originDecision(write, settings)).toMatchObject({ action: "api-error", status: 403, code: "forbidden", message: expect.stringMatching(/evil\.example/) });
    const read = new Request("http://dash.local/api/totals", { headers: { host: "dash.local", origin: "https://evil.example" } });
    expect(originDecision(read, settings)).toBeNull();
  });
});

describe("roles", () => {
  const viewer: Principal = { kind: "viewer", user: "viewer", via: "session" };
  test.each([
    ["POST", "/api/sync"],
    ["POST", "/api/share-links"],
    ["GET", "/api/share-links"],
    ["DELETE", "/api/share-links/abc"],
    ["GET", "/api/sessions"],
    ["DELETE", "/api/sessions/abc"],
    ["POST", "/api/sessions/end-all"],
    ["GET", "/api/audit"],
    ["GET", "/api/audit.csv"],
  ])("viewer on an admin route %s %s: 403, audited as a role refusal", (method, path) => {
    const d = decide(viewer, method, path, new URLSearchParams());
    expect(d).toMatchObject({ action: "api-error", status: 403, roleRefusal: true });
    expect(action(admin, method, path)).toBe("allow");
  });

  test.each(["/", "/tiers", "/runs", "/api/totals", "/api/runs.csv", "/api/breakdown.csv", "/api/timeseries.csv", "/api/sync", "/v4/gateway/runs/getByBatchId"])(
    "viewer reads %s",
    (path) => expect(action(viewer, "GET", path)).toBe("allow"),
  );

  test("viewer on admin pages: a page saying so", () => {
    expect(action(viewer, "GET", "/audit")).toBe("page 403");
    expect(action(viewer, "GET", "/share-links")).toBe("page 403");
  });

  test("viewer may sign out", () => {
    expect(action(viewer, "POST", "/api/auth/sign-out")).toBe("allow");
  });
});

describe("sessions that cannot be used", () => {
  test("ended: API 401; page back to sign-in", () => {
    expect(action({ kind: "anonymous", problem: "session-ended" }, "GET", "/api/totals")).toBe(401);
    expect(action({ kind: "anonymous", problem: "session-ended" }, "GET", "/tiers")).toBe("sign-in");
  });
  test("store unreadable: 401, never open", () => {
    expect(action({ kind: "anonymous", problem: "session-unavailable" }, "GET", "/api/totals")).toBe(401);
    expect(action({ kind: "anonymous", problem: "session-unavailable" }, "GET", "/tiers")).toBe("page 401");
  });
  test("proxy sent no user: a page saying so, no redirect", () => {
    const d = decide({ kind: "anonymous", problem: "proxy-no-user" }, "GET", "/", new URLSearchParams());
    expect(d).toMatchObject({ action: "page-error", status: 401, title: "The proxy sent no user" });
    expect(action({ kind: "anonymous", problem: "proxy-no-user" }, "GET", "/api/totals")).toBe(401);
  });
});
