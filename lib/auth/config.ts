import "server-only";
import { randomBytes } from "node:crypto";
import { env, EnvError, type Env } from "@/lib/env";
import { parseApiTokens } from "./api-tokens";
import { parseAddressList, type AddressMatcher } from "./client-address";
import { passwordVerifier, type PasswordVerifier } from "./password";
import { publicOriginOf } from "./same-origin";

/** The access-control settings, resolved once from the environment. */
export interface AuthConfig {
  mode: "password" | "proxy" | "none";
  /** Signs session cookies and share links. */
  secret: Buffer;
  sessionTtlMs: number;
  /** A session unused for this long has ended (SESSION_IDLE_MINUTES). */
  sessionIdleMs: number;
  verifyPassword: PasswordVerifier;
  /** The viewers' password (RUNLEDGER_VIEWER_PASSWORD or its hash); never matches when unset. */
  verifyViewerPassword: PasswordVerifier;
  /** RUNLEDGER_PUBLIC_URL's origin: state-changing requests must come from it. null: the request's host. */
  publicOrigin: string | null;
  /** Proxy mode: user names that are admins (AUTH_PROXY_ADMINS). */
  proxyAdmins: ReadonlySet<string>;
  /** Proxy mode: the header listing the user's groups, lower-case, or null. */
  proxyGroupsHeader: string | null;
  /** Proxy mode: groups whose members are admins (AUTH_PROXY_ADMIN_GROUPS). */
  proxyAdminGroups: ReadonlySet<string>;
  apiTokens: Buffer[];
  proxyUserHeader: string;
  /** The authenticating proxy's addresses: only their user header is believed. */
  trustedProxies: AddressMatcher;
  demo: boolean;
}

/**
 * Why the server must not start with these settings, as an EnvError naming the variable,
 * or null. Kept out of parseEnv so that command-line tools (export, bench) can read a
 * Domino host without choosing how people sign in.
 */
export function authProblem(settings: Env): EnvError | null {
  const mode = settings.authMode;
  if (mode === null) {
    return new EnvError(
      "AUTH_MODE",
      "DOMINO_API_HOST is set, so choose who may open the dashboard: AUTH_MODE=password (with RUNLEDGER_ADMIN_PASSWORD " +
        "or RUNLEDGER_ADMIN_PASSWORD_HASH), AUTH_MODE=proxy (with AUTH_PROXY_ADDRESSES) or AUTH_MODE=none (only behind a gate of your own)",
    );
  }
  if (mode === "password" && !settings.RUNLEDGER_ADMIN_PASSWORD && !settings.RUNLEDGER_ADMIN_PASSWORD_HASH) {
    return new EnvError("RUNLEDGER_ADMIN_PASSWORD", "AUTH_MODE=password needs RUNLEDGER_ADMIN_PASSWORD or RUNLEDGER_ADMIN_PASSWORD_HASH");
  }
  if (
    settings.RUNLEDGER_VIEWER_PASSWORD !== undefined &&
    settings.RUNLEDGER_ADMIN_PASSWORD !== undefined &&
    settings.RUNLEDGER_VIEWER_PASSWORD === settings.RUNLEDGER_ADMIN_PASSWORD
  ) {
    return new EnvError("RUNLEDGER_VIEWER_PASSWORD", "must differ from RUNLEDGER_ADMIN_PASSWORD: the password decides the role");
  }
  if (settings.AUTH_PROXY_GROUPS_HEADER && !settings.AUTH_PROXY_ADMIN_GROUPS) {
    return new EnvError("AUTH_PROXY_ADMIN_GROUPS", "AUTH_PROXY_GROUPS_HEADER is set, so name the admin groups (comma-separated)");
  }
  if (mode === "proxy") {
    if (!settings.AUTH_PROXY_ADDRESSES) {
      return new EnvError("AUTH_PROXY_ADDRESSES", "AUTH_MODE=proxy needs the authenticating proxy's addresses, comma-separated");
    }
    try {
      parseAddressList(settings.AUTH_PROXY_ADDRESSES);
    } catch (error) {
      return new EnvError("AUTH_PROXY_ADDRESSES", (error as Error).message);
    }
  }
  // Demo mode makes a secret per process; a real deployment keeps sessions and links across restarts.
  if (!settings.demo && !settings.RUNLEDGER_SECRET) {
    return new EnvError(
      "RUNLEDGER_SECRET",
      "DOMINO_API_HOST is set, so RUNLEDGER_SECRET (32+ characters, e.g. openssl rand -hex 32) must be set to sign sessions and share links",
    );
  }
  return null;
}

export function buildAuthConfig(settings: Env, generatedSecret: () => Buffer): AuthConfig {
  const problem = authProblem(settings);
  if (problem) throw problem;
  return {
    mode: settings.authMode!,
    secret: settings.RUNLEDGER_SECRET ? Buffer.from(settings.RUNLEDGER_SECRET, "utf8") : generatedSecret(),
    sessionTtlMs: settings.SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: settings.SESSION_IDLE_MINUTES * 60_000,
    verifyPassword: passwordVerifier({
      password: settings.RUNLEDGER_ADMIN_PASSWORD,
      hash: settings.RUNLEDGER_ADMIN_PASSWORD_HASH,
    }),
    verifyViewerPassword: passwordVerifier({
      password: settings.RUNLEDGER_VIEWER_PASSWORD,
      hash: settings.RUNLEDGER_VIEWER_PASSWORD_HASH,
    }),
    publicOrigin: publicOriginOf(settings.RUNLEDGER_PUBLIC_URL),
    proxyAdmins: nameList(settings.AUTH_PROXY_ADMINS),
    proxyGroupsHeader: settings.AUTH_PROXY_GROUPS_HEADER?.toLowerCase() ?? null,
    proxyAdminGroups: nameList(settings.AUTH_PROXY_ADMIN_GROUPS),
    apiTokens: parseApiTokens(settings.RUNLEDGER_API_TOKENS),
    proxyUserHeader: settings.AUTH_PROXY_USER_HEADER.toLowerCase(),
    trustedProxies: parseAddressList(settings.AUTH_PROXY_ADDRESSES ?? ""),
    demo: settings.demo,
  };
}

/** A comma list of names, trimmed, empty entries dropped. */
export function nameList(list: string | undefined): ReadonlySet<string> {
  return new Set((list ?? "").split(",").map((s) => s.trim()).filter(Boolean));
}

// The proxy and the route bundles load this module separately in one process: the
// generated secret and the config live on globalThis so all of them agree.
const SLOT = Symbol.for("runledger.auth-config");
const SECRET_SLOT = Symbol.for("runledger.generated-secret");
type Slots = { [SLOT]?: AuthConfig; [SECRET_SLOT]?: Buffer };

export function authConfig(): AuthConfig {
  const slots = globalThis as Slots;
  slots[SLOT] ??= buildAuthConfig(env(), () => (slots[SECRET_SLOT] ??= randomBytes(32)));
  return slots[SLOT];
}
