import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";

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
});

type RawEnv = z.infer<typeof schema>;

export type Env = Omit<RawEnv, "DOMINO_TOKEN_FILE"> & {
  /** true when no Domino host is configured: the built-in simulator serves the data. */
  demo: boolean;
  /** The credential for Domino, resolved from the key, the token or the token file. */
  dominoAuth: { kind: "api-key" | "bearer"; secret: string } | null;
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
  const { DOMINO_TOKEN_FILE: _file, ...rest } = raw;
  return { ...rest, demo, dominoAuth };
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
