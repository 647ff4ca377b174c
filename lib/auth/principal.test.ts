import { describe, expect, test } from "vitest";
import { parseApiTokens } from "./api-tokens";
import { parseAddressList, PEER_HEADER } from "./client-address";
import type { AuthConfig } from "./config";
import { passwordVerifier } from "./password";
import { principalFor, SHARE_COOKIE, type Lookups } from "./principal";
import { SESSION_COOKIE, signSessionToken } from "./session";
import { signShareToken } from "./share-token";

const secret = Buffer.from("a-test-secret-of-at-least-32-characters!!");
const config = (mode: AuthConfig["mode"]): AuthConfig => ({
  mode,
  secret,
  sessionTtlMs: 3_600_000,
  sessionIdleMs: 600_000,
  verifyPassword: passwordVerifier({ password: "pw" }),
  verifyViewerPassword: passwordVerifier({ password: "viewer-pw" }),
  publicOrigin: null,
  proxyAdmins: new Set(["ann"]),
  proxyGroupsHeader: "x-forwarded-groups",
  proxyAdminGroups: new Set(["finops-admins"]),
  apiTokens: parseApiTokens("script-token-0123456789"),
  proxyUserHeader: "x-forwarded-user",
  trustedProxies: parseAddressList("10.0.0.5"),
  demo: false,
});
const TOKEN = "A".repeat(43);
const VIEWER_TOKEN = "V".repeat(43);
const ENDED_TOKEN = "E".repeat(43);
const active: Lookups = {
  shareState: async () => "active",
  session: async (token) =>
    token === TOKEN ? { id: "s-admin", user: "admin", role: "admin" } : token === VIEWER_TOKEN ? { id: "s-viewer", user: "viewer", role: "viewer" } : null,
};
const req = (headers: Record<string, string>) => new Request("http://x/api/totals", { headers });
const session = signSessionToken(secret, TOKEN);
const viewerSession = signSessionToken(secret, VIEWER_TOKEN);
const endedSession = signSessionToken(secret, ENDED_TOKEN);
const share = signShareToken(secret, { id: "s1", page: "/", query: "", csv: false, exp: Date.now() + 60_000 });

describe("principalFor", () => {
  test.each([
    ["password: a session cookie", "password", { cookie: `${SESSION_COOKIE}=${session}` }, "admin"],
    ["password: a forged session", "password", { cookie: `${SESSION_COOKIE}=${session}x` }, "anonymous"],
    ["password: nothing", "password", {}, "anonymous"],
    ["a bearer token", "password", { authorization: "Bearer script-token-0123456789" }, "token"],
    ["a Domino-style key header", "password", { "x-domino-api-key": "script-token-0123456789" }, "token"],
    ["a wrong token beats a good cookie", "password", { authorization: "Bearer nope-nope-nope-nope", cookie: `${SESSION_COOKIE}=${session}` }, "anonymous"],
    ["password: a viewer's session", "password", { cookie: `${SESSION_COOKIE}=${viewerSession}` }, "viewer"],
    ["password: an ended session", "password", { cookie: `${SESSION_COOKIE}=${endedSession}` }, "anonymous"],
    ["proxy: an admin by name", "proxy", { [PEER_HEADER]: "10.0.0.5", "x-forwarded-user": "ann" }, "admin"],
    ["proxy: an admin by group", "proxy", { [PEER_HEADER]: "10.0.0.5", "x-forwarded-user": "bob", "x-forwarded-groups": "staff, finops-admins" }, "admin"],
    ["proxy: anyone else the proxy names is a viewer", "proxy", { [PEER_HEADER]: "10.0.0.5", "x-forwarded-user": "bob", "x-forwarded-groups": "staff" }, "viewer"],
    ["proxy: user header from elsewhere", "proxy", { [PEER_HEADER]: "10.0.0.6", "x-forwarded-user": "ann" }, "anonymous"],
    ["proxy: no peer stamp", "proxy", { "x-forwarded-user": "ann" }, "anonymous"],
    ["proxy: a session cookie means nothing", "proxy", { cookie: `${SESSION_COOKIE}=${session}` }, "anonymous"],
    ["none: anyone", "none", {}, "admin"],
    ["none: a share cookie keeps the view", "none", { cookie: `${SHARE_COOKIE}=${share}` }, "share"],
    ["password: a share cookie", "password", { cookie: `a=b; ${SHARE_COOKIE}=${share}` }, "share"],
    ["password: session beats share", "password", { cookie: `${SHARE_COOKIE}=${share}; ${SESSION_COOKIE}=${session}` }, "admin"],
  ] as const)("%s", async (_n, mode, headers, kind) => {
    expect((await principalFor(req(headers), config(mode), active)).kind).toBe(kind);
  });

  test("a revoked link", async () => {
    const p = await principalFor(req({ cookie: `${SHARE_COOKIE}=${share}` }), config("password"), { ...active, shareState: async () => "revoked" });
    expect(p).toEqual({ kind: "anonymous", problem: "share-revoked" });
  });

  test("an ended session is told apart from no session", async () => {
    expect(await principalFor(req({ cookie: `${SESSION_COOKIE}=${endedSession}` }), config("password"), active)).toEqual({ kind: "anonymous", problem: "session-ended" });
    expect(await principalFor(req({}), config("password"), active)).toEqual({ kind: "anonymous", problem: "none" });
  });

  test("a store that cannot be read fails closed", async () => {
    const broken: Lookups = { ...active, session: async () => { throw new Error("IO Error"); } };
    const p = await principalFor(req({ cookie: `${SESSION_COOKIE}=${session}` }), config("password"), broken);
    expect(p).toEqual({ kind: "anonymous", problem: "session-unavailable" });
  });

  test("proxy mode without a user says so", async () => {
    expect(await principalFor(req({ [PEER_HEADER]: "10.0.0.5" }), config("proxy"), active)).toEqual({ kind: "anonymous", problem: "proxy-no-user" });
  });
});
