import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { signWebhook } from "./signature";
import type { AlertMessage } from "./message";

/**
 * The two ways an alert leaves: an HTTP POST and an SMTP message. Each throws a
 * DeliveryError whose message says what went wrong in words an admin can act on; neither
 * ever puts a secret (signing key, SMTP password, URL credentials) in it.
 */

export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface Transports {
  webhook(url: string, idempotencyKey: string, message: AlertMessage): Promise<void>;
  email(to: string, idempotencyKey: string, message: AlertMessage): Promise<void>;
}

export interface TransportSettings {
  webhookSecret: Buffer;
  smtpUrl: string | undefined;
  smtpFrom: string;
  timeoutMs?: number;
}

/** A URL without user, password, query or fragment: safe to show and log. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  if ((error as Error).name === "TimeoutError" || (error as Error).name === "AbortError") return "no answer in time";
  return (error as Error).message ?? String(error);
}

export function realTransports(settings: TransportSettings): Transports {
  const timeoutMs = settings.timeoutMs ?? 15_000;
  let mailer: Transporter | null = null;
  return {
    async webhook(url, idempotencyKey, message) {
      const timestamp = Math.floor(Date.now() / 1000);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Runledger-Alerts/1",
            "idempotency-key": idempotencyKey,
            "x-runledger-timestamp": String(timestamp),
            "x-runledger-signature": signWebhook(settings.webhookSecret, timestamp, message.body),
          },
          body: message.body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new DeliveryError(`webhook ${displayUrl(url)} could not be reached: ${reason(error)}`);
      }
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) {
        throw new DeliveryError(`webhook ${displayUrl(url)} answered HTTP ${response.status}`);
      }
    },
    async email(to, idempotencyKey, message) {
      if (!settings.smtpUrl) throw new DeliveryError("no SMTP server is configured (set SMTP_URL)");
      if (!mailer) {
        // The URL carries host, port, TLS and credentials; the timeouts are added to it.
        const url = new URL(settings.smtpUrl);
        mailer = nodemailer.createTransport({
          host: url.hostname,
          port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
          secure: url.protocol === "smtps:",
          auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        });
      }
      let host = "the SMTP server";
      try {
        host = new URL(settings.smtpUrl).host;
      } catch {
        /* the setting was validated at start-up */
      }
      try {
        await mailer.sendMail({
          from: settings.smtpFrom,
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${idempotencyKey}@runledger>`,
          headers: { "Idempotency-Key": idempotencyKey },
        });
      } catch (error) {
        const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
        // nodemailer's messages name the host and the server's reply, never the password.
        const detail = e.responseCode
          ? `the server answered ${e.response ?? `SMTP ${e.responseCode}`}`
          : `${e.code ?? "error"} (${(e.message ?? "").slice(0, 200)})`;
        throw new DeliveryError(`e-mail to ${to} via ${host} failed: ${detail}`);
      }
    },
  };
}
