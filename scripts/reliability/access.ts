import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { call, waitFor, type Answer } from "./http";
import { ROOT, type AppServer } from "./processes";
import type { ReliabilityRow } from "./report";

/**
 * The hostile rows of access control (issue 12), against a built app in AUTH_MODE=password
 * with an admin and a viewer password, and one in AUTH_MODE=none: every state-changing route
 * tried cross-site and from a sibling origin with a valid admin cookie (all refused, nothing
 * changed in the store), a cookie replayed after it ended, a viewer on every admin route, and
 * health without signing in.
 */

export const ACCESS_ADMIN_PASSWORD = "reliability-admin-password-Kea";
export const ACCESS_VIEWER_PASSWORD = "reliability-viewer-password-Tui";

export const passwordModeEnv: Record<string, string> = {
  AUTH_MODE: "password",
  RUNLEDGER_ADMIN_PASSWORD: ACCESS_ADMIN_PASSWORD,
  RUNLEDGER_VIEWER_PASSWORD: ACCESS_VIEWER_PASSWORD,
};

const ORIGINS: readonly [string, Record<string, string>][] = [
  ["cross-site", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
  ["sibling origin", { origin: "https://reports.runledger.example", "sec-fetch-site": "same-site" }],
  ["Origin only, another host", { origin: "https://evil.example" }],
];

type Method = "POST" | "DELETE";

/** Every state-changing route in app/, read from the source so a route added later is covered. */
export function stateChangingRoutes(samples: Record<string, string>): { method: Method; path: string }[] {
  const found: { method: Method; path: string }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, [...segments, samples[entry.name] ?? entry.name]);
      else if (/^route\.(ts|js)$/.test(entry.name)) {
        const source = readFileSync(full, "utf8");
        for (const m of source.matchAll(/export\s+(?:const|async function|function)\s+(POST|PUT|PATCH|DELETE)\b/g)) {
          if (m[1] === "POST" || m[1] === "DELETE") found.push({ method: m[1], path: `/${segments.join("/")}` });
        }
      }
    }
  };
  walk(path.join(ROOT, "app"), []);
  return found.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

async function signIn(app: AppServer, password: string): Promise<string> {
  const answer = await call(`${app.url}/api/auth/sign-in`, { method: "POST", body: JSON.stringify({ password }) });
  const header = answer.headers["set-cookie"];
  const cookie = (Array.isArray(header) ? header : [header ?? ""]).map((c) => /^rl_session=([^;]+)/.exec(c)?.[1]).find(Boolean);
  if (answer.status !== 200 || !cookie) throw new Error(`sign-in answered ${answer.status}: ${answer.text.slice(0, 160)}`);
  return cookie;
}

const as = (cookie: string, extra: Record<string, string> = {}) => ({ cookie: `rl_session=${cookie}`, ...extra });

interface Snapshot {
  links: number;
  sessions: number;
  audit: number;
  dataVersion: number;
  lastAttemptAt: string | null;
  running: boolean;
}

async function snapshot(app: AppServer, cookie: string | null): Promise<Snapshot> {
  const headers = cookie ? as(cookie) : {};
  const links = await call<{ links: unknown[] }>(`${app.url}/api/share-links`, { headers });
  const sessions = cookie ? await call<{ sessions: unknown[] }>(`${app.url}/api/sessions`, { headers }) : null;
  const audit = cookie ? await call<{ total: number }>(`${app.url}/api/audit?pageSize=10`, { headers }) : null;
  const health = await call<{ sync: { lastAttemptAt: string | null; running: boolean }; store: { dataVersion: number } }>(`${app.url}/api/health`, { headers });
  return {
    links: links.body.links.length,
    sessions: sessions?.body.sessions.length ?? 0,
    audit: audit?.body.total ?? 0,
    dataVersion: health.body.store.dataVersion,
    lastAttemptAt: health.body.sync.lastAttemptAt,
    running: health.body.sync.running,
  };
}

function differences(before: Snapshot, after: Snapshot): string[] {
  return (Object.keys(before) as (keyof Snapshot)[]).filter((k) => before[k] !== after[k]).map((k) => `${k} ${before[k]} → ${after[k]}`);
}

/** Password mode: the cross-origin, replay, viewer and health rows. */
export async function passwordModeRows(app: AppServer, log: (m: string) => void): Promise<ReliabilityRow[]> {
  const rows: ReliabilityRow[] = [];
  const admin = await signIn(app, ACCESS_ADMIN_PASSWORD);
  // The first sync starts with the server: wait for it, so the store changes only if a refused request changed it.
  await waitFor("the first sync (password mode)", 120_000, async () => {
    const sync = await call<{ running: boolean; runCount: number }>(`${app.url}/api/sync`, { headers: as(admin) });
    return sync.status === 200 && !sync.body.running && sync.body.runCount > 0 ? true : undefined;
  });
  const made = await call<{ id: string }>(`${app.url}/api/share-links`, { method: "POST", body: JSON.stringify({ page: "/", query: "", expires: "1d" }), headers: as(admin) });
  if (made.status !== 201) throw new Error(`making a share link answered ${made.status}`);
  const viewerForEnd = await signIn(app, ACCESS_VIEWER_PASSWORD);
  const open = await call<{ sessions: { id: string; role: string }[] }>(`${app.url}/api/sessions`, { headers: as(admin) });
  const sessionId = open.body.sessions.find((s) => s.role === "viewer")!.id;
  const routes = stateChangingRoutes({ "[id]": "__id__" }).map((r) => ({
    ...r,
    path: r.path.replace("__id__", r.path.startsWith("/api/sessions") ? sessionId : made.body.id),
  }));

  // 1. Every state-changing route with the admin cookie from another origin.
  const before = await snapshot(app, admin);
  const wrong: string[] = [];
  let tries = 0;
  for (const [name, headers] of ORIGINS) {
    for (const route of routes) {
      const body = route.path === "/api/sync" ? '{"full":true}' : route.path === "/api/share-links" ? '{"page":"/","query":"","expires":"30d"}' : route.path === "/api/auth/sign-in" ? JSON.stringify({ password: ACCESS_ADMIN_PASSWORD }) : undefined;
      const answer = await call<{ error?: { message: string } }>(`${app.url}${route.path}`, { method: route.method, body, headers: as(admin, { ...headers, "content-type": "text/plain" }) });
      tries += 1;
      if (answer.status !== 403 || !/cross-origin request refused/.test(answer.body?.error?.message ?? "")) wrong.push(`${name} ${route.method} ${route.path} → ${answer.status}`);
    }
  }
  const after = await snapshot(app, admin);
  const changed = differences(before, after);
  const stillIn = (await call(`${app.url}/api/totals`, { headers: as(admin) })).status === 200;
  for (const w of wrong.slice(0, 5)) log(`access: not refused: ${w}`);
  rows.push({
    group: "hostile",
    scenario: "every state-changing route with a valid admin cookie, cross-site and from a sibling origin",
    held: wrong.length === 0 && changed.length === 0 && stillIn,
    ...(wrong.length || changed.length || !stillIn ? { problem: [...wrong.slice(0, 3), ...changed, stillIn ? "" : "the admin was signed out"].filter(Boolean).join("; ") } : {}),
    figures: { routes: routes.length, origins: ORIGINS.length, tried: tries, "refused (403)": tries - wrong.length, "store changes": changed.length },
    lost: "nothing",
  });

  // 2. A cookie replayed after its session ended, three ways.
  const replays: [string, () => Promise<string>][] = [
    ["after sign-out", async () => {
      const c = await signIn(app, ACCESS_VIEWER_PASSWORD);
      await call(`${app.url}/api/auth/sign-out`, { method: "POST", headers: as(c) });
      return c;
    }],
    ["after an admin ended it", async () => {
      const c = viewerForEnd;
      const ended = await call(`${app.url}/api/sessions/${sessionId}`, { method: "DELETE", headers: as(admin) });
      if (ended.status !== 204) throw new Error(`ending a session answered ${ended.status}`);
      return c;
    }],
    ["after sign out everywhere", async () => {
      const c = await signIn(app, ACCESS_VIEWER_PASSWORD);
      const other = await signIn(app, ACCESS_ADMIN_PASSWORD);
      await call(`${app.url}/api/sessions/end-all`, { method: "POST", headers: as(other) });
      return c;
    }],
  ];
  const accepted: string[] = [];
  let replayed = 0;
  for (const [name, end] of replays) {
    const cookie = await end();
    for (const url of ["/api/totals", "/api/runs.csv", "/tiers"]) {
      const answer = await call(`${app.url}${url}`, { headers: as(cookie) });
      replayed += 1;
      const refused = url.startsWith("/api/") ? answer.status === 401 : answer.status === 307;
      if (!refused) accepted.push(`${name}: ${url} → ${answer.status}`);
    }
  }
  rows.push({
    group: "hostile",
    scenario: "a session cookie replayed after sign-out, after an admin ended it, after sign out everywhere",
    held: accepted.length === 0,
    ...(accepted.length ? { problem: accepted.join("; ") } : {}),
    figures: { replays: replayed, "refused (401 / to sign-in)": replayed - accepted.length },
    lost: "nothing",
  });

  // 3. A viewer on every admin route.
  const admin2 = await signIn(app, ACCESS_ADMIN_PASSWORD);
  const viewer = await signIn(app, ACCESS_VIEWER_PASSWORD);
  const adminOnly: { method: "GET" | "POST" | "DELETE"; path: string }[] = [
    ...routes.filter((r) => !r.path.startsWith("/api/auth/")),
    { method: "GET", path: "/api/share-links" },
    { method: "GET", path: "/api/sessions" },
    { method: "GET", path: "/api/audit" },
    { method: "GET", path: "/api/audit.csv" },
    { method: "GET", path: "/audit" },
    { method: "GET", path: "/share-links" },
  ];
  const viewerBefore = await snapshot(app, admin2);
  const let_through: string[] = [];
  for (const route of adminOnly) {
    const answer = await call(`${app.url}${route.path}`, { method: route.method, headers: as(viewer), ...(route.method === "POST" ? { body: "{}" } : {}) });
    if (answer.status !== 403) let_through.push(`${route.method} ${route.path} → ${answer.status}`);
  }
  const viewerAfter = await snapshot(app, admin2);
  const audited = viewerAfter.audit - viewerBefore.audit;
  const viewerChanged = differences(viewerBefore, viewerAfter).filter((d) => !d.startsWith("audit"));
  rows.push({
    group: "hostile",
    scenario: "a viewer on every admin route",
    held: let_through.length === 0 && viewerChanged.length === 0 && audited === adminOnly.length,
    ...(let_through.length || viewerChanged.length || audited !== adminOnly.length ? { problem: [...let_through, ...viewerChanged, `audited ${audited} of ${adminOnly.length}`].join("; ") } : {}),
    figures: { routes: adminOnly.length, "refused (403)": adminOnly.length - let_through.length, "audit rows": audited },
    lost: "nothing",
  });

  // 4. Health without signing in (and as a viewer): the status word, nothing else.
  const health: [string, Record<string, string>][] = [["nobody", {}], ["a viewer", as(viewer)], ["a wrong token", { authorization: "Bearer not-a-configured-token" }]];
  const detailed: string[] = [];
  for (const [who, headers] of health) {
    const answer: Answer<Record<string, unknown>> = await call(`${app.url}/api/health`, { headers });
    if (answer.status !== 200 || JSON.stringify(Object.keys(answer.body ?? {})) !== '["status"]') detailed.push(`${who}: ${answer.status} ${answer.text.slice(0, 120)}`);
  }
  const full = await call<{ store?: unknown }>(`${app.url}/api/health`, { headers: as(admin2) });
  rows.push({
    group: "hostile",
    scenario: "GET /api/health without signing in, as a viewer, with a wrong token",
    held: detailed.length === 0 && full.body.store !== undefined,
    ...(detailed.length || full.body.store === undefined ? { problem: detailed.join("; ") || "the admin got no details" } : {}),
    figures: { callers: health.length, "status word only": health.length - detailed.length, "admin gets details": full.body.store !== undefined ? "yes" : "NO" },
    lost: "nothing",
  });
  return rows;
}

/** AUTH_MODE=none: a cross-site write needs no credential at all, so the origin rule is the only guard. */
export async function noneModeRow(app: AppServer, log: (m: string) => void): Promise<ReliabilityRow> {
  const routes = stateChangingRoutes({ "[id]": "no-such-id" }).filter((r) => r.path !== "/api/auth/sign-in");
  const before = await snapshot(app, null);
  const wrong: string[] = [];
  let tries = 0;
  for (const [name, headers] of ORIGINS) {
    for (const route of routes) {
      const body = route.path === "/api/sync" ? '{"full":true}' : route.path === "/api/share-links" ? '{"page":"/","query":"","expires":"30d"}' : undefined;
      const answer = await call(`${app.url}${route.path}`, { method: route.method, body, headers: { ...headers, "content-type": "text/plain" } });
      tries += 1;
      if (answer.status !== 403) wrong.push(`${name} ${route.method} ${route.path} → ${answer.status}`);
    }
  }
  const changed = differences(before, await snapshot(app, null)).filter((d) => !d.startsWith("sessions") && !d.startsWith("audit"));
  for (const w of wrong.slice(0, 5)) log(`access: not refused in none mode: ${w}`);
  return {
    group: "hostile",
    scenario: "AUTH_MODE=none: every state-changing route cross-site and from a sibling origin, no credential",
    held: wrong.length === 0 && changed.length === 0,
    ...(wrong.length || changed.length ? { problem: [...wrong.slice(0, 3), ...changed].join("; ") } : {}),
    figures: { routes: routes.length, origins: ORIGINS.length, tried: tries, "refused (403)": tries - wrong.length, "store changes": changed.length },
    lost: "nothing",
  };
}
