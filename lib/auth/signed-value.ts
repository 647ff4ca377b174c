import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A compact signed value: base64url(JSON payload) "." base64url(HMAC-SHA256).
 * The purpose ("session", "share") is part of the signed text, so a value made for one
 * purpose is never accepted for another even though both use the same secret.
 */

function mac(secret: Uint8Array, purpose: string, body: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}.${body}`).digest();
}

export function signValue(secret: Uint8Array, purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${mac(secret, purpose, body).toString("base64url")}`;
}

/** The payload when the signature is right, else null. Never throws on malformed input. */
export function verifyValue(secret: Uint8Array, purpose: string, value: string): Record<string, unknown> | null {
  if (value.length > 8192) return null;
  const dot = value.indexOf(".");
  if (dot <= 0 || dot !== value.lastIndexOf(".")) return null;
  const body = value.slice(0, dot);
  // Compared as text: base64url decoding skips characters it does not know and ignores spare
  // bits, so decoding first would accept "<signature>é" and other variants of one token.
  const given = Buffer.from(value.slice(dot + 1), "utf8");
  const expected = Buffer.from(mac(secret, purpose, body).toString("base64url"), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return payload !== null && typeof payload === "object" && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
