import path from "node:path";
import { request } from "undici";
import { signShareToken, type ShareScope } from "../../lib/auth/share-token";
import { signValue } from "../../lib/auth/signed-value";
import { FILTER_KEYS } from "../../lib/contract/filters";
import { noneModeRow, passwordModeEnv, passwordModeRows } from "./access";
import { generateRequests, LEAK, withoutEchoes, type FuzzRequest } from "./fuzz-requests";
import { GATEWAY_KEY, startGateway } from "./gateway";
import { call, waitIdle } from "./http";
import { memoryOf, startApp, TEST_SECRET, type AppServer } from "./processes";
import { mb, sized, type ReliabilityRow, type Scenario, type ScenarioContext } from "./report";

/**
 * Hostile input against the built app: thousands of generated requests over every route
 * (never a 5xx, never SQL or a stack in a body, healthy after), and share tokens cut short,
 * re-signed with another secret, or with their scope or expiry edited (all refused), and the
 * access rows (access.ts): cross-origin writes, replayed cookies, viewers on admin routes, health.
 */

export const FUZZ_SEED = 20_240_601;

interface Failure {
  request: FuzzRequest;
  status: number;
  why: string;
}

async function send(app: AppServer, r: FuzzRequest): Promise<{ status: number; body: string }> {
  const response = await request(`${app.url}${r.path}`, {
    method: r.method,
    body: r.body,
    headers: { ...(r.body !== undefined ? { "content-type": "application/json" } : {}), ...r.headers },
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  return { status: response.statusCode, body: await response.body.text() };
}

async function fuzz(app: AppServer, count: number, log: (m: string) => void): Promise<ReliabilityRow> {
  const requests = generateRequests(FUZZ_SEED, count);
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      try {
        const { status, body } = await send(app, r);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const leaked = LEAK.exec(withoutEchoes(body, r.inputs));
        if (status >= 500) failures.push({ request: r, status, why: `HTTP ${status}: ${body.slice(0, 160)}` });
        else if (leaked) failures.push({ request: r, status, why: `body holds "${leaked[0]}": …${body.slice(Math.max(0, leaked.index - 80), leaked.index + 80)}…` });
      } catch (error) {
        failures.push({ request: r, status: 0, why: `no answer: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const seconds = (performance.now() - started) / 1000;
  for (const f of failures.slice(0, 8)) log(`fuzz: ${f.request.method} ${f.request.path.slice(0, 200)} → ${f.why}`);
  const health = await call<{ status: string }>(`${app.url}/api/health`);
  const healthy = health.status === 200 && app.child.exitCode === null;
  const codes = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${c}`).join(" ");
  const problems = [
    failures.length > 0 ? `${failures.length} bad answers (first: ${failures[0]!.request.method} ${failures[0]!.request.path.slice(0, 80)} → ${failures[0]!.why.slice(0, 120)})` : null,
    healthy ? null : `not healthy after (HTTP ${health.status})`,
  ].filter(Boolean);
  return {
    group: "hostile",
    scenario: `fuzz: ${count.toLocaleString("en-US")} generated requests over every route (seed ${FUZZ_SEED})`,
    held: problems.length === 0,
    ...(problems.length ? { problem: problems.join("; ") } : {}),
    figures: { "requests/s": Math.round(count / seconds), statuses: codes, "5xx": failures.filter((f) => f.status >= 500).length, leaks: failures.filter((f) => f.status > 0 && f.status < 500).length, "RSS after": mb(memoryOf(app.pid).rss), healthy: healthy ? "yes" : "NO" },
    lost: "nothing",
  };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

/** A token's payload, edited, with the original signature kept. */
function edited(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [body, signature] = token.split(".") as [string, string];
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  change(payload);
  return `${b64(payload)}.${signature}`;
}

async function shareTokens(app: AppServer): Promise<ReliabilityRow> {
  const created = await call<{ id: string; path: string; query: string; expiresAt: string }>(`${app.url}/api/share-links`, {
    method: "POST",
    body: JSON.stringify({ page: "/tiers", query: "tier=small", expires: "7d", csv: false }),
  });
  if (created.status !== 201) throw new Error(`POST /api/share-links answered ${created.status}: ${created.text.slice(0, 200)}`);
  const token = created.body.path.replace(/^\/s\//, "");
  // The server may complete the view's query (its date range): the link's own query is the scope.
  const query = created.body.query;
  // The API takes the filters only; the page's own view settings (its range preset…) stay with the page.
  const filters = new URLSearchParams([...new URLSearchParams(query)].filter(([k]) => (FILTER_KEYS as readonly string[]).includes(k))).toString();
  const scope: ShareScope = { id: created.body.id, page: "/tiers", query, csv: false, exp: Date.parse(created.body.expiresAt) };

  const forged: [string, string][] = [];
  for (const cut of [1, 2, 10, 43, Math.floor(token.length / 2), token.indexOf(".") + 1, token.indexOf(".")]) {
    forged.push([`truncated by ${cut}`, token.slice(0, token.length - cut)]);
  }
  forged.push(["signature only", token.slice(token.indexOf(".") + 1)]);
  forged.push(["payload only", token.slice(0, token.indexOf("."))]);
  forged.push(["re-signed with another secret", signShareToken(Buffer.from("another-secret-of-enough-length-0123456789"), scope)]);
  forged.push(["re-signed, empty secret", signShareToken(Buffer.alloc(0), scope)]);
  forged.push(["scope edited: page /runs", edited(token, (p) => (p.p = "/runs"))]);
  forged.push(["scope edited: filter removed", edited(token, (p) => (p.q = ""))]);
  forged.push(["scope edited: csv allowed", edited(token, (p) => (p.c = 1))]);
  forged.push(["scope edited: another id", edited(token, (p) => (p.id = "x"))]);
  forged.push(["expiry edited: +10 years", edited(token, (p) => (p.e = (p.e as number) + 10 * 365 * 86_400_000))]);
  forged.push(["expiry edited: as text", edited(token, (p) => (p.e = String(p.e)))]);
  // The right secret, signed for another purpose (a session): never a share.
  forged.push(["signed as a session", signValue(Buffer.from(TEST_SECRET), "session", { v: 1, id: scope.id, p: scope.page, q: "", c: 1, e: scope.exp })]);
  forged.push(["two dots", `${token}.x`]);
  forged.push(["unicode", `${token}é`]);

  const refused: string[] = [];
  const accepted: string[] = [];
  // The genuine token works (so the refusals below mean something).
  const genuine = await call(`${app.url}/s/${token}`);
  const genuineApi = await call(`${app.url}/api/breakdown?by=hardwareTier&${filters}`, { headers: { cookie: `rl_share=${token}` } });
  const widened = await call(`${app.url}/api/breakdown?by=hardwareTier`, { headers: { cookie: `rl_share=${token}` } });
  const csv = await call(`${app.url}/api/breakdown.csv?by=hardwareTier&${filters}`, { headers: { cookie: `rl_share=${token}` } });
  const controls = genuine.status === 303 && genuineApi.status === 200 && widened.status === 403 && csv.status === 403;

  // An honestly signed token that has expired: refused as gone.
  const expired = signShareToken(Buffer.from(TEST_SECRET), { ...scope, exp: Date.now() - 1000 });
  const expiredOpen = await call(`${app.url}/s/${expired}`);
  const expiredApi = await call(`${app.url}/api/totals`, { headers: { cookie: `rl_share=${expired}` } });
  if (expiredOpen.status === 410 && expiredApi.status === 410) refused.push("expired");
  else accepted.push(`expired (${expiredOpen.status}/${expiredApi.status})`);

  for (const [name, value] of forged) {
    const open = await call(`${app.url}/s/${encodeURIComponent(value)}`);
    const api = await call(`${app.url}/api/totals?${filters}`, { headers: { cookie: `rl_share=${encodeURIComponent(value)}` } });
    const page = await call(`${app.url}/tiers?${query}`, { headers: { cookie: `rl_share=${encodeURIComponent(value)}` } });
    const ok = [open.status, api.status, page.status].every((s) => s === 403 || s === 400 || s === 404);
    (ok ? refused : accepted).push(ok ? name : `${name} (${open.status}/${api.status}/${page.status})`);
  }
  const held = controls && accepted.length === 0;
  return {
    group: "hostile",
    scenario: "share tokens: truncated, re-signed with another secret, scope or expiry edited",
    held,
    ...(held ? {} : { problem: controls ? `accepted: ${accepted.join(", ")}` : `controls failed: open ${genuine.status}, in scope ${genuineApi.status} ${genuineApi.text.slice(0, 160)}, widened ${widened.status}, csv ${csv.status}` }),
    figures: { "forged tokens": forged.length + 1, refused: refused.length, "each tried on": "/s/<token>, the API, a page", "genuine link": genuine.status === 303 ? "opens" : `HTTP ${genuine.status}` },
    lost: "nothing",
  };
}

export const hostileScenario: Scenario = {
  name: "hostile",
  async run(context: ScenarioContext): Promise<ReliabilityRow[]> {
    const gateway = await startGateway({ runs: sized(context.mode, { full: 5_000, quick: 5_000, ci: 2_000 }), seed: 3 });
    let app: AppServer | null = null;
    let secured: AppServer | null = null;
    try {
      app = await startApp({ dataDir: path.join(context.workDir, "data"), gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY });
      await waitIdle(app.url, 120_000);
      // The floor is 2,000 requests: --ci keeps it.
      const count = sized(context.mode, { full: 4_000, quick: 2_000, ci: 2_000 });
      context.log(`hostile: ${count} fuzz requests`);
      const rows = [await fuzz(app, count, context.log)];
      context.log("hostile: share tokens");
      rows.push(await shareTokens(app));
      context.log("hostile: cross-origin writes without a credential (AUTH_MODE=none)");
      rows.push(await noneModeRow(app, context.log));
      const unexpected = app.output().match(/\[api\] unexpected error:.*$/gm) ?? [];
      if (unexpected.length > 0) context.log(`hostile: the server logged ${unexpected.length} unexpected errors, e.g. ${unexpected[0]}`);
      await app.stop();
      app = null;
      context.log("hostile: access in AUTH_MODE=password (cross-origin, replayed cookies, viewer, health)");
      secured = await startApp({ dataDir: path.join(context.workDir, "data-password"), gatewayUrl: gateway.url, gatewayKey: GATEWAY_KEY, env: passwordModeEnv });
      rows.push(...(await passwordModeRows(secured, context.log)));
      return rows;
    } finally {
      await app?.stop();
      await secured?.stop();
      await gateway.stop();
    }
  },
};
