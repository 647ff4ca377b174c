import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * The admin password, given in the clear (RUNLEDGER_ADMIN_PASSWORD) or as a hash
 * (RUNLEDGER_ADMIN_PASSWORD_HASH) in one of two forms:
 *   scrypt$<salt, base64url>$<32-byte key, base64url>   (N=16384, r=8, p=1) — preferred
 *   <64 hex digits>                                      SHA-256 of the password
 * Every comparison is constant-time over fixed-length digests.
 */

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

export type PasswordVerifier = (presented: string) => boolean;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** Whether `hash` is in one of the accepted forms (for start-up validation). */
export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== null;
}

type ParsedHash = { kind: "scrypt"; salt: Buffer; key: Buffer } | { kind: "sha256"; digest: Buffer };

function parseHash(hash: string): ParsedHash | null {
  const trimmed = hash.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return { kind: "sha256", digest: Buffer.from(trimmed, "hex") };
  const parts = trimmed.split("$");
  if (parts.length === 3 && parts[0] === "scrypt") {
    const salt = Buffer.from(parts[1]!, "base64url");
    const key = Buffer.from(parts[2]!, "base64url");
    if (salt.length >= 8 && key.length === KEY_LENGTH) return { kind: "scrypt", salt, key };
  }
  return null;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** A verifier for the configured password or hash; throws when the hash is malformed. */
export function passwordVerifier(config: { password?: string; hash?: string }): PasswordVerifier {
  if (config.hash !== undefined) {
    const parsed = parseHash(config.hash);
    if (!parsed) throw new Error("not a password hash in a known form");
    if (parsed.kind === "sha256") return (presented) => timingSafeEqual(sha256(presented), parsed.digest);
    return (presented) =>
      timingSafeEqual(scryptSync(presented.normalize("NFC"), parsed.salt, KEY_LENGTH, SCRYPT), parsed.key);
  }
  if (config.password !== undefined) {
    // Digests of equal length, so neither the length nor the content leaks through timing.
    const expected = sha256(config.password);
    return (presented) => timingSafeEqual(sha256(presented), expected);
  }
  return () => false;
}
