/**
 * The gateway client's one error type. Callers branch on `code`, never on the message:
 *
 * - `auth_rejected`        401 / 403: the key is wrong, expired or not an admin's. Never retried.
 * - `bad_request`          400 and other 4xx: the request itself is wrong (cursor, limit, path).
 * - `upstream_unavailable` the host could not be reached or kept failing (429, 5xx, network,
 *                          timeouts) after every retry.
 * - `bad_data`             a 200 whose body is not the gateway's JSON shape.
 *
 * Messages name the host and the status so an operator can act on them, and never the key:
 * every message passes through `redact` with the secret before it is built.
 */

export type GatewayErrorCode = "auth_rejected" | "bad_request" | "upstream_unavailable" | "bad_data";

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status?: number;

  constructor(code: GatewayErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GatewayError";
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

/** Removes every occurrence of the secret (and of its URL-encoded form) from a text. */
export function redact(text: string, secret: string): string {
  if (!secret) return text;
  let out = text.split(secret).join("[redacted]");
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) out = out.split(encoded).join("[redacted]");
  return out;
}

/** `https://domino.example.com` → `domino.example.com`: what messages call the host. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
