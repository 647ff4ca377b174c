import { describe, expect, test } from "vitest";
import { parseApiTokens } from "./api-tokens";
import { parseAddressList, PEER_HEADER } from "./client-address";
import type { AuthConfig } from "./config";
import { passwordVerifier } from "./password";
import { principalFor, SHARE_COOKIE } from "./principal";
import { createSession, SESSION_COOKIE } from "./session";
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
const active = async () => "active" as const;
const req = (headers: Record<string, string>) => new Request("http://x/api/totals", { headers });
const session = createSession(secret, "admin", 60_000).value;
const share = signShareToken(secret, { id: "s1", page: "/", query: "", csv: false, exp: Date.now() + 60_000 });

describe("principalFor", () => {
  test.each([
    ["password: a session cookie", "password", { cookie: `${SESSION_COOKIE}=${session}` }, "admin"],
    ["password: a forged session", "password", { cookie: `${SESSION_COOKIE}=${session}x` }, "anonymous"],
    ["password: nothing", "password", {}, "anonymous"],
    ["a bearer token", "password", { authorization: "Bearer script-token-0123456789" }, "token"],
    ["a Domino-style key header", "password", { "x-domino-api-key": "script-token-0123456789" }, "token"],
    ["a wrong token beats a good cookie", "password", { authorization: "Bearer nope-nope-nope-nope", cookie: `${SESSION_COOKIE}=${session}` }, "anonymous"],
    ["proxy: user header from the proxy", "proxy", { [PEER_HEADER]: "10.0.0.5", "x-forwarded-user": "ann" }, "admin"],
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
    const p = await principalFor(req({ cookie: `${SHARE_COOKIE}=${share}` }), config("password"), async () => "revoked");
    expect(p).toEqual({ kind: "anonymous", problem: "share-revoked" });
  });
});
