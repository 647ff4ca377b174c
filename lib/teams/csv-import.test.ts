import { describe, expect, test } from "vitest";
import { parseTeamsCsv } from "./csv-import";
import { teamsCsv } from "./csv-export";

const HEADER = "team,cost_centre,kind,pattern\n";

describe("parseTeamsCsv", () => {
  test("a good sheet becomes teams and rules; manager e-mails are kept by team", () => {
    const result = parseTeamsCsv(
      `${HEADER}Data Platform,CC-100,project,acme/etl-*\nData Platform,CC-100,owner,dp-*\nResearch,,user,ann\nFinance Ops,CC-7,,\n`,
      [{ name: "research", costCentre: null, managerEmail: "r@example.com" }],
    );
    expect(result).toEqual({
      ok: true,
      config: {
        teams: [
          { name: "Data Platform", costCentre: "CC-100", managerEmail: null },
          { name: "Research", costCentre: null, managerEmail: "r@example.com" },
          { name: "Finance Ops", costCentre: "CC-7", managerEmail: null },
        ],
        rules: [
          { team: "Data Platform", kind: "project", pattern: "acme/etl-*" },
          { team: "Data Platform", kind: "owner", pattern: "dp-*" },
          { team: "Research", kind: "user", pattern: "ann" },
        ],
      },
    });
  });

  test.each([
    ["unknown kind", "A,,group,x", 2, /unknown kind "group"/],
    ["empty pattern", "A,,user,", 2, /pattern must not be empty/],
    ["duplicate rule", "A,,user,ann\nA,,user,ANN", 3, /duplicate rule: user "ANN" is already on line 2/],
    ["conflicting rule", "A,,user,ann\nB,,user,ann", 3, /conflicting rule: user "ann" is given to "A" on line 2 and to "B" here/],
    ["reserved team name", "unallocated,,user,x", 2, /reserved/],
    ["two cost centres for one team", "A,CC-1,user,x\nA,CC-2,user,y", 3, /cost centre "CC-1" on line 2/],
    ["wrong field count", "A,,user", 2, /expected 4 fields/],
  ])("%s → line %s reported, nothing applied", (_name, body, line, message) => {
    const result = parseTeamsCsv(HEADER + body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ line, field: `line ${line}` });
    expect(result.problems[0]!.message).toMatch(message);
  });

  test("every bad line is listed, in order", () => {
    const result = parseTeamsCsv(`${HEADER}A,,group,x\nA,,user,ok\nB,,user,\nA,,user,ok\n`);
    expect(result.ok ? [] : result.problems.map((p) => p.line)).toEqual([2, 4, 5]);
  });

  test("a wrong header is line 1", () => {
    const result = parseTeamsCsv("name,kind\nA,user\n");
    expect(result.ok ? null : result.problems[0]).toMatchObject({ line: 1 });
  });

  test("the export reads back as the same set-up, formula-looking text included", () => {
    const config = {
      teams: [
        { name: "=Team", costCentre: "-CC", managerEmail: null },
        { name: "Empty", costCentre: null, managerEmail: null },
      ],
      rules: [{ team: "=Team", kind: "user" as const, pattern: "@ann" }],
    };
    const text = teamsCsv(config, true);
    expect(text).toContain("'=Team");
    expect(parseTeamsCsv(text)).toEqual({ ok: true, config });
  });
});
