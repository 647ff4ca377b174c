/**
 * Hostile requests, generated from a seed (the same seed gives the same requests): every
 * route with its own parameters and foreign ones, filled with random text, SQL fragments,
 * huge and odd numbers, unicode, broken percent-encoding, repeated keys and very long URLs.
 */
import { seededRandom } from "../../lib/seeded-random";

export interface FuzzRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** The raw inputs, to tell an echo of the request from text the server leaked. */
  inputs: string[];
}

const FILTERS = ["from", "to", "tier", "project", "user", "owner", "runType", "status", "team", "costCentre", "q"];

/** Each route and its own parameters (filters included where the route takes them). */
export const ROUTES: { path: string; params: string[] }[] = [
  { path: "/api/totals", params: FILTERS },
  { path: "/api/breakdown", params: [...FILTERS, "by", "sort", "dir", "limit"] },
  { path: "/api/timeseries", params: [...FILTERS, "interval", "stackBy", "top"] },
  { path: "/api/runs", params: [...FILTERS, "sort", "dir", "offset", "limit"] },
  { path: "/api/facets", params: [...FILTERS, "dim", "limit"] },
  { path: "/api/breakdown.csv", params: [...FILTERS, "by", "sort", "dir", "format"] },
  { path: "/api/timeseries.csv", params: [...FILTERS, "interval", "stackBy", "top", "format"] },
  { path: "/api/runs.csv", params: [...FILTERS, "sort", "dir", "format"] },
  { path: "/api/running", params: [...FILTERS, "sort", "dir", "offset", "limit"] },
  { path: "/api/running.csv", params: [...FILTERS, "sort", "dir", "format"] },
  { path: "/api/sync", params: ["full"] },
  { path: "/api/health", params: ["verbose"] },
  { path: "/api/auth/me", params: [] },
  { path: "/api/share-links", params: [] },
  { path: "/v4/gateway/runs/getByBatchId", params: ["batchId", "limit"] },
  { path: "/api/teams", params: [] },
  { path: "/api/teams.csv", params: ["format"] },
  { path: "/api/teams/import", params: [] },
  { path: "/api/chargeback", params: ["period"] },
  { path: "/api/chargeback.csv", params: ["period", "team", "format"] },
  { path: "/api/chargeback/shared-costs", params: [] },
  { path: "/teams", params: [...FILTERS, "sort", "dir"] },
  { path: "/chargeback", params: ["period"] },
  { path: "/chargeback/print", params: ["period", "team"] },
  { path: "/", params: [...FILTERS, "interval", "stackBy"] },
  { path: "/tiers", params: [...FILTERS, "sort", "dir"] },
  { path: "/running", params: [...FILTERS, "sort", "dir", "page"] },
  { path: "/projects", params: [...FILTERS, "sort", "dir"] },
  { path: "/users", params: [...FILTERS, "sort", "dir"] },
  { path: "/runs", params: [...FILTERS, "sort", "dir", "page", "run"] },
];

const VALID = [
  "day", "week", "month", "hardwareTier", "project", "user", "owner", "runType", "status", "cost", "runs", "hours",
  "asc", "desc", "csv", "excel", "startedAt", "key", "2024-01-01", "2024-12-31", "Succeeded", "Batch", "small", "10", "0", "1",
  "team", "costCentre", "Unallocated", "(none)", "2024-03", "2024-Q1",
];
const SQL = [
  "' OR 1=1 --", "1; DROP TABLE runs; --", "\" UNION SELECT * FROM sync_state --", "$1", "%", "_", "\\", "NULL",
  "'; COPY runs TO '/tmp/x.csv'; --", "hardware_tier) FROM runs; --", "cost DESC, (SELECT 1)", "1=1", "`id`", "read_csv('/etc/passwd')",
  "'||(SELECT version())||'", "\u0027", "'", "\"", "--", "/*", "*/",
];
const NUMBERS = [
  "-1", "1e308", "99999999999999999999999999999", "-0", "NaN", "Infinity", "-Infinity", "0x10", "1.5", "1e-9", "2147483648",
  "9007199254740993", "00000000000000000000000001", "1_000", " 5", "5 ", "+5", "10001", "501",
];
const UNICODE = ["ü", "日本語", "🙂", "\u202eevil", "\u0000", "\ufeff", "Ω≈ç√", "🏳️‍🌈", "a\u0301", "\u2028", "\r\n", "\t"];
const DATES = ["2024-02-30", "9999-99-99", "2024-01-01T00:00", "1969-12-31", "3000-01-01", "2024-1-1", "0000-00-00", "20240101", "2024-13-01"];
/** Percent sequences written into the URL as they are: some broken, some a lone surrogate. */
const RAW = ["%zz", "%", "%E0%A4%A", "%ED%A0%80", "%C0%AF", "%00", "%FF%FE", "%2e%2e%2f", "%u0041"];

export function generateRequests(seed: number, count: number): FuzzRequest[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const randomText = () => {
    const length = 1 + Math.floor(random() * 40);
    let text = "";
    for (let i = 0; i < length; i++) text += String.fromCharCode(32 + Math.floor(random() * 95));
    return text;
  };
  const value = (): { text: string; raw?: string } => {
    const r = random();
    if (r < 0.2) return { text: pick(VALID) };
    if (r < 0.4) return { text: pick(SQL) };
    if (r < 0.55) return { text: pick(NUMBERS) };
    if (r < 0.67) return { text: pick(UNICODE) + pick(VALID) };
    if (r < 0.77) return { text: pick(DATES) };
    if (r < 0.85) return { text: "", raw: pick(RAW) };
    if (r < 0.88) return { text: "x".repeat(200 + Math.floor(random() * 800)) };
    return { text: randomText() };
  };
  const requests: FuzzRequest[] = [];
  for (let n = 0; n < count; n++) {
    const route = pick(ROUTES);
    const inputs: string[] = [];
    const parts: string[] = [];
    const params = Math.floor(random() * 6);
    for (let i = 0; i < params; i++) {
      const r = random();
      const key = r < 0.75 && route.params.length > 0 ? pick(route.params) : r < 0.9 ? randomText() : pick(SQL);
      const v = value();
      inputs.push(key, v.text);
      const repeats = random() < 0.12 ? 2 + Math.floor(random() * 3) : 1;
      for (let k = 0; k < repeats; k++) parts.push(`${encodeURIComponent(key)}=${v.raw ?? encodeURIComponent(v.text)}`);
    }
    // A very long URL now and then: 20,000 characters in one value.
    if (random() < 0.03) {
      const key = pick(route.params.length > 0 ? route.params : ["q"]);
      parts.push(`${key}=${"a".repeat(20_000)}`);
      inputs.push(key);
    }
    let path = parts.length > 0 ? `${route.path}?${parts.join("&")}` : route.path;
    const headers: Record<string, string> = {};
    const h = random();
    if (h < 0.04) headers.authorization = `Bearer ${randomText().replace(/\s/g, "")}`;
    else if (h < 0.07) headers["x-domino-api-key"] = randomText();
    else if (h < 0.1) headers.cookie = `rl_share=${randomText().replace(/[;\s]/g, "")}.${randomText().replace(/[;\s]/g, "")}`;
    let method: FuzzRequest["method"] = "GET";
    let body: string | undefined;
    const m = random();
    if (route.path === "/api/sync" && m < 0.5) {
      method = "POST";
      body = pick(['{"full": "yes"}', "{", "[]", "null", '{"full": false, "x": 1}', randomText(), '{"full": 1e999}', ""]);
      inputs.push(body);
    } else if (route.path === "/api/share-links" && m < 0.6) {
      method = "POST";
      const share = { page: pick(["/", "/tiers", "/etc/passwd", "", "/runs", pick(SQL)]), query: value().text, expires: pick(["1d", "7d", "365d", "2099-01-01", "yesterday", pick(NUMBERS)]), csv: pick([true, false, "yes", 1, null]) };
      body = random() < 0.8 ? JSON.stringify(share) : pick(["{", "[]", "null", randomText(), '{"page": {"$gt": ""}}']);
      inputs.push(body, share.page, share.query);
    } else if (route.path === "/api/share-links" && m < 0.8) {
      method = "DELETE";
      const id = random() < 0.5 ? randomText() : pick(SQL);
      path = `/api/share-links/${encodeURIComponent(id)}`;
      inputs.push(id);
    } else if (route.path === "/api/teams/import") {
      method = "POST";
      // The sheet's cells are inputs too: a good sheet is answered as the set-up it describes.
      const cells = [value().text, value().text, value().text];
      body = pick([
        "team,cost_centre,kind,pattern\n" + `${cells[0]},${cells[1]},${pick(["user", "owner", "project", "group", ""])},${cells[2]}\n`,
        "", "team,kind\n", randomText(), "\ufeffteam,cost_centre,kind,pattern\r\n\"a\"\"b\",,user,*\r\n",
      ]);
      headers["content-type"] = "text/csv";
      inputs.push(body, ...cells);
    } else if (route.path === "/api/teams" && m < 0.5) {
      method = "POST";
      path = pick(["/api/teams/preview", "/api/chargeback/close", "/api/chargeback/reopen"]);
      const cells = [value().text, value().text, value().text, value().text, value().text];
      body = random() < 0.7
        ? JSON.stringify({ period: cells[0], teams: [{ name: cells[1], costCentre: cells[2] }], rules: [{ team: cells[3], kind: pick(["user", "owner", "x"]), pattern: cells[4] }] })
        : pick(["{", "[]", "null", randomText(), '{"teams": {"$gt": ""}}']);
      inputs.push(body, ...cells);
    } else if (route.path === "/api/chargeback/shared-costs" && m < 0.7) {
      method = "POST";
      const cells = [pick(["2024-03", "2024-Q5", value().text]), value().text, pick(["USD", "usd", value().text]), pick([value().text, "12.34", "-1", "1e9"]), value().text];
      body = random() < 0.8
        ? JSON.stringify({ period: cells[0], label: cells[1], currency: cells[2], amount: cells[3], spread: pick(["even", "teams", "x"]), teams: [cells[4]] })
        : pick(["{", "[]", "null", randomText()]);
      inputs.push(body, ...cells);
    } else if (route.path === "/api/chargeback/shared-costs") {
      method = "DELETE";
      const id = random() < 0.5 ? randomText() : pick(SQL);
      path = `/api/chargeback/shared-costs/${encodeURIComponent(id)}`;
      inputs.push(id);
    } else if (route.path === "/api/auth/me" && m < 0.3) {
      const token = random() < 0.5 ? randomText() : `${"eyJ2IjoxfQ"}.${randomText()}`;
      path = `/s/${encodeURIComponent(token)}`;
      inputs.push(token);
    }
    requests.push({ method, path, ...(body !== undefined ? { body } : {}), headers, inputs });
  }
  return requests;
}

/** Text a body must never hold: SQL (in capitals, so HTML's <select> is not it), engine errors, stack frames, source paths. */
export const LEAK = /(\bSELECT\s|\bFROM runs\b|\bWHERE\s|Binder Error|Parser Error|Catalog Error|Conversion Error|INTERNAL Error|Invalid Input Error|\bat \S+\.(?:ts|js|mjs):\d+|node_modules\/|"stack"\s*:|DuckDB)/;

/** The body with the request's own inputs removed (as sent, JSON-escaped and HTML-escaped), so an echo is not a leak. */
export function withoutEchoes(body: string, inputs: string[]): string {
  let text = body;
  const forms = new Set<string>();
  for (const input of inputs) {
    if (input.length < 2) continue;
    const json = JSON.stringify(input).slice(1, -1);
    const html = input.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");
    for (const form of [input, json, html, JSON.stringify(json).slice(1, -1), encodeURIComponent(input)]) forms.add(form);
  }
  for (const form of [...forms].sort((a, b) => b.length - a.length)) text = text.split(form).join("");
  return text;
}
