import { describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { authProblem, buildAuthConfig } from "./config";

const domino = { DOMINO_API_HOST: "https://domino.example.com", DOMINO_USER_API_KEY: "k" };
const secret = "0123456789abcdef0123456789abcdef";

describe("start-up refusals", () => {
  test("demo mode defaults to none and makes its own secret", () => {
    const settings = parseEnv({});
    expect(authProblem(settings)).toBeNull();
    const config = buildAuthConfig(settings, () => Buffer.alloc(32, 7));
    expect(config.mode).toBe("none");
    expect(config.secret).toEqual(Buffer.alloc(32, 7));
  });

  test.each([
    ["a Domino host without AUTH_MODE", {}, "AUTH_MODE", /AUTH_MODE=password/],
    ["password mode without a password", { AUTH_MODE: "password", RUNLEDGER_SECRET: secret }, "RUNLEDGER_ADMIN_PASSWORD", /needs/],
    ["proxy mode without addresses", { AUTH_MODE: "proxy", RUNLEDGER_SECRET: secret }, "AUTH_PROXY_ADDRESSES", /addresses/],
    ["proxy mode with a bad address", { AUTH_MODE: "proxy", AUTH_PROXY_ADDRESSES: "proxy.local", RUNLEDGER_SECRET: secret }, "AUTH_PROXY_ADDRESSES", /not an IP/],
    ["no secret", { AUTH_MODE: "none" }, "RUNLEDGER_SECRET", /RUNLEDGER_SECRET/],
    ["the viewer password equal to the admin's", { AUTH_MODE: "password", RUNLEDGER_ADMIN_PASSWORD: "same", RUNLEDGER_VIEWER_PASSWORD: "same", RUNLEDGER_SECRET: secret }, "RUNLEDGER_VIEWER_PASSWORD", /differ/],
    ["a groups header without admin groups", { AUTH_MODE: "proxy", AUTH_PROXY_ADDRESSES: "10.0.0.1", AUTH_PROXY_GROUPS_HEADER: "X-Forwarded-Groups", RUNLEDGER_SECRET: secret }, "AUTH_PROXY_ADMIN_GROUPS", /admin groups/],
  ])("refused: %s", (_n, extra, variable, message) => {
    const problem = authProblem(parseEnv({ ...domino, ...extra }));
    expect(problem?.variable).toBe(variable);
    expect(problem?.message).toMatch(message);
  });

  test("a complete password setup starts", () => {
    const settings = parseEnv({ ...domino, AUTH_MODE: "password", RUNLEDGER_ADMIN_PASSWORD: "pw", RUNLEDGER_SECRET: secret, RUNLEDGER_API_TOKENS: "a-token-of-length-20x" });
    expect(authProblem(settings)).toBeNull();
    const config = buildAuthConfig(settings, () => Buffer.alloc(0));
    expect(config.mode).toBe("password");
    expect(config.verifyPassword("pw")).toBe(true);
    expect(config.sessionTtlMs).toBe(12 * 3_600_000);
  });

  test.each([
    ["AUTH_MODE", "open"],
    ["RUNLEDGER_SECRET", "short"],
    ["RUNLEDGER_API_TOKENS", "abc"],
    ["RUNLEDGER_ADMIN_PASSWORD_HASH", "md5$x"],
    ["SESSION_TTL_HOURS", "0"],
  ])("a bad %s names itself", (variable, value) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(new RegExp(variable));
  });
});

describe("access settings", () => {
  test.each([
    ["RUNLEDGER_PUBLIC_URL", "runledger.example.com", /http\(s\) URL/],
    ["RUNLEDGER_PUBLIC_URL", "ftp://runledger.example.com", /http\(s\) URL/],
    ["SESSION_IDLE_MINUTES", "0", /./],
    ["SESSION_IDLE_MINUTES", "soon", /./],
    ["RUNLEDGER_VIEWER_PASSWORD_HASH", "not-a-hash", /scrypt/],
    ["AUTH_PROXY_GROUPS_HEADER", "X Groups", /header name/],
  ])("%s=%s is refused naming the variable", (variable, value, message) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(new RegExp(`${variable}.*${message.source}`));
  });

  test("defaults and the values the rules read", () => {
    const config = buildAuthConfig(
      parseEnv({
        ...domino,
        AUTH_MODE: "proxy",
        AUTH_PROXY_ADDRESSES: "10.0.0.1",
        AUTH_PROXY_ADMINS: "ann, bob ,",
        AUTH_PROXY_GROUPS_HEADER: "X-Forwarded-Groups",
        AUTH_PROXY_ADMIN_GROUPS: "finops",
        RUNLEDGER_PUBLIC_URL: "https://runledger.example.com/base/",
        RUNLEDGER_SECRET: secret,
      }),
      () => Buffer.alloc(32),
    );
    expect(config.sessionIdleMs).toBe(120 * 60_000);
    expect(config.publicOrigin).toBe("https://runledger.example.com");
    expect([...config.proxyAdmins]).toEqual(["ann", "bob"]);
    expect(config.proxyGroupsHeader).toBe("x-forwarded-groups");
    expect(config.verifyViewerPassword("anything")).toBe(false);
  });
});
