import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "@/lib/store/db";
import { routeTestStore } from "@/lib/analytics/test-data";
import { GET, PUT } from "./route";
import { POST as PREVIEW } from "./preview/route";
import { POST as IMPORT } from "./import/route";
import { GET as EXPORT } from "../teams.csv/route";
import { GET as STATEMENT } from "../chargeback/route";
import { POST as CLOSE } from "../chargeback/close/route";
import { POST as REOPEN } from "../chargeback/reopen/route";
import { readAuditRows } from "@/lib/audit/audit-query";
import { POST as SHARED } from "../chargeback/shared-costs/route";
import { GET as LEDGER } from "../chargeback.csv/route";
import { GET as BREAKDOWN } from "../breakdown/route";

let store: Store;
beforeAll(async () => ({ store } = await routeTestStore()));
afterAll(() => store.close());

const send = async (handler: (r: Request) => Promise<Response>, path: string, method: string, body?: unknown, type = "application/json") => {
  const response = await handler(
    new Request(`http://localhost${path}`, {
      method,
      headers: { "content-type": type },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, text, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
};

const CONFIG = {
  teams: [{ name: "Data Platform", costCentre: "CC-100", managerEmail: "dp@example.com" }],
  rules: [{ team: "Data Platform", kind: "owner", pattern: "alice" }],
};

describe("/api/teams", () => {
  test.each([
    ["unknown kind", { ...CONFIG, rules: [{ team: "Data Platform", kind: "group", pattern: "x" }] }, "rules.0.kind"],
    ["empty pattern", { ...CONFIG, rules: [{ team: "Data Platform", kind: "user", pattern: " " }] }, "rules.0.pattern"],
    ["rule for a team not listed", { ...CONFIG, rules: [{ team: "Nobody", kind: "user", pattern: "x" }] }, "rules.0"],
    ["reserved name", { teams: [{ name: "Unallocated" }], rules: [] }, "teams.0.name"],
    ["bad e-mail", { teams: [{ name: "A", managerEmail: "nope" }], rules: [] }, "teams.0.managerEmail"],
    ["not an object", "[1]", "body"],
  ])("PUT /api/teams – %s → 400 naming the field", async (_name, body, field) => {
    const { status, body: answer } = await send(PUT, "/api/teams", "PUT", body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ code: "bad_request", field });
    expect(answer.problems.length).toBeGreaterThan(0);
  });

  test("POST /api/teams/import – every bad line with its number; nothing saved", async () => {
    const csv = "team,cost_centre,kind,pattern\nA,,user,ann\nA,,group,x\nB,,user,ANN\n";
    const { status, body } = await send(IMPORT, "/api/teams/import", "POST", csv, "text/csv");
    expect(status).toBe(400);
    expect(body.error.field).toBe("line 3");
    expect(body.problems.map((p: { line: number }) => p.line)).toEqual([3, 4]);
    expect((await send(GET, "/api/teams", "GET")).body.teams).toEqual([]);
  });

  test("preview, save, and the breakdown by team follows at once", async () => {
    const preview = await send(PREVIEW, "/api/teams/preview", "POST", CONFIG);
    expect(preview.status).toBe(200);
    expect(preview.body.moves.map((m: { to: string; runs: number }) => [m.to, m.runs])).toEqual([
      ["Data Platform", 2],
      ["Data Platform", 1],
    ]);
    const saved = await send(PUT, "/api/teams", "PUT", CONFIG);
    expect(saved.status).toBe(200);
    expect(saved.body.runsChanged).toBe(3);
    const breakdown = await send(BREAKDOWN, "/api/breakdown?by=team&team=Data%20Platform", "GET");
    expect(breakdown.body.rows.map((r: { key: string; runs: number }) => [r.key, r.runs])).toEqual([
      ["Data Platform", 2],
      ["Data Platform", 1],
    ]);
    const exported = await send(EXPORT, "/api/teams.csv", "GET");
    expect(exported.text).toBe("team,cost_centre,kind,pattern\r\nData Platform,CC-100,owner,alice\r\n");
  });

  test("rules that tie on stored runs are refused with the runs named", async () => {
    const tied = { teams: [...CONFIG.teams, { name: "B" }], rules: [...CONFIG.rules, { team: "B", kind: "owner", pattern: "a*" }] };
    const { status, body } = await send(PUT, "/api/teams", "PUT", tied);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/project alice\/alpha, user \w+: rules of B, Data Platform tie/);
  });
});

describe("/api/chargeback", () => {
  test.each([
    ["no period", ""],
    ["month 13", "?period=2024-13"],
    ["quarter 5", "?period=2024-Q5"],
    ["unknown parameter", "?period=2024-02&x=1"],
  ])("GET /api/chargeback – %s → 400", async (_name, query) => {
    const { status, body } = await send(STATEMENT, `/api/chargeback${query}`, "GET");
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
  });

  test("shared costs: a bad amount is a 400 naming it; a good one lands in its own column and the total", async () => {
    const bad = await send(SHARED, "/api/chargeback/shared-costs", "POST", { period: "2024-02", label: "Licence", currency: "USD", amount: "1.234", spread: "even" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("amount");
    const good = await send(SHARED, "/api/chargeback/shared-costs", "POST", { period: "2024-02", label: "Licence", currency: "USD", amount: "100.01", spread: "even" });
    expect(good.status).toBe(201);
    const { body } = await send(STATEMENT, "/api/chargeback?period=2024-02", "GET");
    const usd = body.statement.sections.find((s: { currency: string }) => s.currency === "USD");
    expect(usd.totals.sharedCents).toBe(10001);
    expect(usd.lines.find((l: { team: string }) => l.team === "Data Platform").sharedCents).toBe(10001);
    expect(usd.totals.totalCents).toBe(usd.totals.computeCents + 10001);
  });

  test("closing twice is a 409; the ledger CSV of a closed month is the frozen statement's", async () => {
    expect((await send(CLOSE, "/api/chargeback/close", "POST", { period: "2024-02" })).status).toBe(201);
    const again = await send(CLOSE, "/api/chargeback/close", "POST", { period: "2024-02" });
    expect(again.status).toBe(409);
    const ledger = await send(LEDGER, "/api/chargeback.csv?period=2024-02", "GET");
    expect(ledger.status).toBe(200);
    const lines = ledger.text.trim().split("\r\n");
    expect(lines[0]).toBe("period,team,cost_centre,currency,item,runs,compute_hours,amount");
    expect(lines).toContain("2024-02,Data Platform,CC-100,USD,shared costs,,,100.01");
    const team = await send(LEDGER, "/api/chargeback.csv?period=2024-02&team=Nobody", "GET");
    expect(team.status).toBe(400);
    expect(team.body.error.field).toBe("team");
  });

  test("saving teams and closing or reopening a period are in the audit log", async () => {
    expect((await send(REOPEN, "/api/chargeback/reopen", "POST", { period: "2024-02" })).status).toBe(200);
    const { rows } = await readAuditRows({}, "UTC", 100, store);
    const actions = rows.map((row) => `${row.action} ${row.target ?? ""}`.trim());
    expect(actions).toEqual(expect.arrayContaining(["teams-saved", "chargeback-closed period 2024-02", "chargeback-reopened period 2024-02"]));
  });
});
