import { describe, expect, test } from "vitest";
import { patternRegex, resolveTeam, UNALLOCATED, type RunIdentity, type TeamRule } from "./rules";

const id = (projectKey: string, user: string): RunIdentity => ({ projectKey, owner: projectKey.split("/")[0]!, user });

const RULES: TeamRule[] = [
  { team: "Data Platform", kind: "project", pattern: "acme/etl-*" },
  { team: "Research", kind: "owner", pattern: "acme" },
  { team: "Research", kind: "user", pattern: "ann" },
  { team: "Growth", kind: "user", pattern: "g*" },
  { team: "Risk", kind: "owner", pattern: "risk*" },
  { team: "Credit", kind: "owner", pattern: "*-credit" },
];

describe("resolveTeam", () => {
  test.each([
    ["project rule beats owner and user", id("acme/etl-daily", "ann"), "Data Platform", "project"],
    ["owner rule beats user rule", id("acme/churn", "gus"), "Research", "owner"],
    ["user rule when nothing more specific", id("bob/scratch", "gus"), "Growth", "user"],
    ["wildcards match case-insensitively", id("ACME/ETL-Hourly", "x"), "Data Platform", "project"],
    ["exact patterns match case-insensitively", id("bob/x", "ANN"), "Research", "user"],
    ["no rule: Unallocated", id("zed/x", "zoe"), UNALLOCATED, null],
    ["a star matches the empty text", id("risk/x", "zoe"), "Risk", "owner"],
    ["a dot in a pattern is literal", id("acme/etl-x", "zoe"), "Data Platform", "project"],
  ] as const)("%s", (_name, identity, team, kind) => {
    const r = resolveTeam(RULES, identity);
    expect(r.team).toBe(team);
    expect(r.kind).toBe(kind);
    expect(r.conflict).toBeNull();
  });

  test.each([
    ["two owner rules of different teams tie", id("risk-credit/x", "ann"), ["Credit", "Risk"]],
    ["the same exact pattern in two teams", id("q/x", "kim"), ["A", "B"]],
  ] as const)("conflict: %s", (_name, identity, teams) => {
    const rules: TeamRule[] = [...RULES, { team: "A", kind: "user", pattern: "kim" }, { team: "B", kind: "user", pattern: "KIM" }];
    const r = resolveTeam(rules, identity);
    expect(r.team).toBe(UNALLOCATED);
    expect(r.conflict).toEqual(teams);
  });

  test("a tie on a less specific kind does not matter when a more specific one decides", () => {
    const rules: TeamRule[] = [
      { team: "A", kind: "user", pattern: "kim" },
      { team: "B", kind: "user", pattern: "k*" },
      { team: "C", kind: "project", pattern: "p/*" },
    ];
    expect(resolveTeam(rules, id("p/x", "kim"))).toEqual({ team: "C", kind: "project", conflict: null });
  });

  test("two rules of one team on a kind are no conflict", () => {
    const rules: TeamRule[] = [
      { team: "A", kind: "user", pattern: "kim" },
      { team: "A", kind: "user", pattern: "k*" },
    ];
    expect(resolveTeam(rules, id("p/x", "kim"))).toEqual({ team: "A", kind: "user", conflict: null });
  });
});

describe("patternRegex", () => {
  test.each([
    ["a*c", "abbc", true],
    ["a*c", "ab", false],
    ["*", "", true],
    ["a+b", "a+b", true],
    ["a+b", "aab", false],
    ["(x)", "(x)", true],
  ] as const)("%s ~ %s → %s", (pattern, value, expected) => {
    expect(patternRegex(pattern).test(value)).toBe(expected);
  });
});
