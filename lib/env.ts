import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { apiTokensProblem } from "./auth/api-tokens";
import { isPasswordHash } from "./auth/password";
import { MAX_LONG_RUN_HOURS, parseLongRunByType, type LongRunRule } from "./analytics/long-run";

/**
 * Every setting Runledger reads from the environment, validated once.
 * A bad value stops start-up with the variable's name in the message.
 */

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const isPostgresUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && (url.hostname !== "" || url.searchParams.has("host")) && url.pathname.length > 1;
  } catch {
    return false;
  }
};

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const schema = z.object({
  DOMINO_API_HOST: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://domino.example.com" })
      .optional(),
  ),
  DOMINO_USER_API_KEY: optionalString,
  DOMINO_TOKEN: optionalString,
  DOMINO_TOKEN_FILE: optionalString,
  DOMINO_PAGE_LIMIT: integer(1, 10_000, 1000),
  DOMINO_TIMEOUT_MS: integer(100, 600_000, 60_000),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./data")),
  SYNC_INTERVAL: integer(0, 10_080, 15),
  RUNLEDGER_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("UTC")
      .refine(isTimeZone, { message: "must be an IANA time zone such as UTC or Europe/Berlin" }),
  ),
  DEMO_RUNS: integer(0, 20_000_000, 200_000),
  DEMO_SEED: integer(0, 2 ** 31 - 1, 42),
  // Refuse runs CSVs larger than this (400 naming the limit) instead of cutting them; 0: no limit.
  CSV_MAX_ROWS: integer(0, 1_000_000_000, 0),
  // Running now: a run in flight longer than this many hours is marked long-running, unless
  // LONG_RUN_HOURS_BY_TYPE sets its run type's own ("App=720,Endpoint=720"; "none" for no overrides).
  LONG_RUN_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(MAX_LONG_RUN_HOURS).default(24)),
  LONG_RUN_HOURS_BY_TYPE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("App=720,Endpoint=720")
      .transform((v, ctx) => {
        const parsed = parseLongRunByType(v.trim().toLowerCase() === "none" ? "" : v);
        if (!parsed.ok) {
          ctx.addIssue({ code: "custom", message: parsed.problem });
          return z.NEVER;
        }
        return parsed.byType;
      }),
  ),
  // Access control (lib/auth, README "Access control and sharing").
  AUTH_MODE: z.preprocess(
    emptyAsUndefined,
    z.enum(["password", "proxy", "none"], { message: "must be password, proxy or none" }).optional(),
  ),
  RUNLEDGER_ADMIN_PASSWORD: optionalString,
  RUNLEDGER_ADMIN_PASSWORD_HASH: z.preprocess(
    emptyAsUndefined,
    z.string().refine(isPasswordHash, { message: "must be scrypt$<salt>$<key> (base64url) or 64 hex digits of SHA-256" }).optional(),
  ),
  RUNLEDGER_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { message: "must be at least 32 characters (e.g. openssl rand -hex 32)" }).optional(),
  ),
  RUNLEDGER_API_TOKENS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = apiTokensProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
  ),
  AUTH_PROXY_USER_HEADER: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { message: "must be a header name such as X-Forwarded-User" })
      .default("X-Forwarded-User"),
  ),
  AUTH_PROXY_ADDRESSES: optionalString,
  SESSION_TTL_HOURS: integer(1, 24 * 90, 12),
  // A session unused for this long ends, whatever its absolute expiry.
  SESSION_IDLE_MINUTES: integer(1, 60 * 24 * 90, 120),
  // The dashboard's address as browsers see it: state-changing requests must come from its origin.
  RUNLEDGER_PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, message: "must be the dashboard's http(s) URL such as https://runledger.example.com" }).optional(),
  ),
  RUNLEDGER_VIEWER_PASSWORD: optionalString,
  RUNLEDGER_VIEWER_PASSWORD_HASH: z.preprocess(
    emptyAsUndefined,
    z.string().refine(isPasswordHash, { message: "must be scrypt$<salt>$<key> (base64url) or 64 hex digits of SHA-256" }).optional(),
  ),
  // Proxy mode: who is an admin, by user name or by group; everyone else the proxy names is a viewer.
  AUTH_PROXY_ADMINS: optionalString,
  AUTH_PROXY_GROUPS_HEADER: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^[A-Za-z0-9-]+$/, { message: "must be a header name such as X-Forwarded-Groups" }).optional(),
  ),
  AUTH_PROXY_ADMIN_GROUPS: optionalString,
  // Budget alerts (lib/alerts, docs/alerts.md): the webhook signing key (else derived from
  // RUNLEDGER_SECRET), and the SMTP server and sender of alert e-mails.
  RUNLEDGER_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, { message: "must be at least 16 characters (e.g. openssl rand -hex 32)" }).optional(),
  ),
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587" }).optional(),
  ),
  SMTP_FROM: z.preprocess(emptyAsUndefined, z.string().max(320).default("Runledger <runledger@localhost>")),
  // Replicas (docs/replicas.md): the shared PostgreSQL database; unset, one process, DuckDB alone.
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isPostgresUrl, { message: "must be a postgres:// or postgresql:// URL such as postgres://user:password@host:5432/runledger" })
      .optional(),
  ),
  // How often each replica tries to take the sync (seconds; default SYNC_INTERVAL's minutes):
  // the longest a dead syncer's work waits for another replica.
  REPLICA_SYNC_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(604_800).optional()),
  // Accept a check of the shared data version this recent (ms) instead of checking per request.
  REPLICA_FRESHNESS_MS: integer(0, 60_000, 0),
});

type RawEnv = z.infer<typeof schema>;

export type Env = Omit<RawEnv, "DOMINO_TOKEN_FILE"> & {
  /** true when no Domino host is configured: the built-in simulator serves the data. */
  demo: boolean;
  /** The credential for Domino, resolved from the key, the token or the token file. */
  dominoAuth: { kind: "api-key" | "bearer"; secret: string } | null;
  /**
   * Who gets in: AUTH_MODE, or "none" in demo mode when unset. null when a Domino host is
   * configured without a mode: the server refuses to start (lib/auth/startup.ts).
   */
  authMode: "password" | "proxy" | "none" | null;
};

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid environment variable ${variable}: ${message}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const raw = result.data;
  const demo = raw.DOMINO_API_HOST === undefined;
  const dominoAuth = resolveAuth(raw);
  if (!demo && dominoAuth === null) {
    throw new EnvError(
      "DOMINO_USER_API_KEY",
      "DOMINO_API_HOST is set, so one of DOMINO_USER_API_KEY, DOMINO_TOKEN or DOMINO_TOKEN_FILE must be set too",
    );
  }
  const authMode = resolveAuthMode(raw, demo);
  const { DOMINO_TOKEN_FILE: _file, ...rest } = raw;
  return { ...rest, demo, dominoAuth, authMode };
}

/** AUTH_MODE, or "none" in demo mode when unset; null when Domino mode left it unchosen. */
function resolveAuthMode(raw: RawEnv, demo: boolean): Env["authMode"] {
  return raw.AUTH_MODE ?? (demo ? "none" : null);
}

function resolveAuth(raw: RawEnv): Env["dominoAuth"] {
  if (raw.DOMINO_USER_API_KEY) return { kind: "api-key", secret: raw.DOMINO_USER_API_KEY };
  if (raw.DOMINO_TOKEN) return { kind: "bearer", secret: raw.DOMINO_TOKEN };
  if (raw.DOMINO_TOKEN_FILE) {
    let token: string;
    try {
      token = readFileSync(raw.DOMINO_TOKEN_FILE, "utf8").trim();
    } catch {
      throw new EnvError("DOMINO_TOKEN_FILE", "the file cannot be read");
    }
    if (!token) throw new EnvError("DOMINO_TOKEN_FILE", "the file is empty");
    return { kind: "bearer", secret: token };
  }
  return null;
}

let cached: Env | undefined;

/** The process's settings, parsed on first use (start-up calls this, so errors surface there). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The long-running rule of the settings (LONG_RUN_HOURS, LONG_RUN_HOURS_BY_TYPE). */
export function longRunRule(settings: Env = env()): LongRunRule {
  return { hours: settings.LONG_RUN_HOURS, byType: settings.LONG_RUN_HOURS_BY_TYPE };
}
