/**
 * Team rules and how a run's team is resolved from them. Pure: the store (assign.ts), the
 * import check (csv-import.ts) and the preview all resolve through `resolveTeam`.
 *
 * A rule says that runs whose project (`owner/name`), project owner or user matches `pattern`
 * (`*` matches any run of characters, case-insensitive) belong to `team`. The most specific
 * kind that matches decides: project, then owner, then user. Two teams matching on that same
 * kind is a conflict: it is reported, never settled by rule order, and the run stays
 * Unallocated until an admin resolves it.
 */

export const RULE_KINDS = ["project", "owner", "user"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The team of runs no rule matches (and of runs whose rules conflict). */
export const UNALLOCATED = "Unallocated";
/** The cost centre of Unallocated and of teams without one: a dimension key, never empty. */
export const NO_COST_CENTRE = "(none)";

export interface Team {
  name: string;
  costCentre: string | null;
  managerEmail: string | null;
}

export interface TeamRule {
  team: string;
  kind: RuleKind;
  pattern: string;
}

/** What a run is resolved by: its project key (`owner/name`), project owner and user. */
export interface RunIdentity {
  projectKey: string;
  owner: string;
  user: string;
}

export interface Resolution {
  team: string;
  /** The kind of the rule that decided; null when none matched or on a conflict. */
  kind: RuleKind | null;
  /** The teams that tie on the deciding kind, sorted; null when there is no conflict. */
  conflict: string[] | null;
}

/** A `*` pattern as an anchored, case-insensitive regular expression. */
export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "is");
}

/** Rules prepared for matching many identities: regexes built once, exact patterns in a map. */
export interface CompiledRules {
  byKind: Record<RuleKind, { exact: Map<string, Set<string>>; wild: { regex: RegExp; team: string }[] }>;
}

export function compileRules(rules: readonly TeamRule[]): CompiledRules {
  const byKind = {} as CompiledRules["byKind"];
  for (const kind of RULE_KINDS) byKind[kind] = { exact: new Map(), wild: [] };
  for (const rule of rules) {
    const slot = byKind[rule.kind];
    if (rule.pattern.includes("*")) slot.wild.push({ regex: patternRegex(rule.pattern), team: rule.team });
    else {
      const key = rule.pattern.toLowerCase();
      const teams = slot.exact.get(key) ?? new Set<string>();
      teams.add(rule.team);
      slot.exact.set(key, teams);
    }
  }
  return { byKind };
}

function valueOf(identity: RunIdentity, kind: RuleKind): string {
  return kind === "project" ? identity.projectKey : kind === "owner" ? identity.owner : identity.user;
}

/** The team of one identity under compiled rules. */
export function resolveCompiled(compiled: CompiledRules, identity: RunIdentity): Resolution {
  for (const kind of RULE_KINDS) {
    const slot = compiled.byKind[kind];
    const value = valueOf(identity, kind);
    const teams = new Set<string>(slot.exact.get(value.toLowerCase()) ?? []);
    for (const rule of slot.wild) if (rule.regex.test(value)) teams.add(rule.team);
    if (teams.size === 1) return { team: [...teams][0]!, kind, conflict: null };
    if (teams.size > 1) return { team: UNALLOCATED, kind: null, conflict: [...teams].sort() };
  }
  return { team: UNALLOCATED, kind: null, conflict: null };
}

/** The team of one identity (compiles the rules each call: for tests and single lookups). */
export function resolveTeam(rules: readonly TeamRule[], identity: RunIdentity): Resolution {
  return resolveCompiled(compileRules(rules), identity);
}

/** Rules equal for matching purposes: same kind and pattern, ignoring case. */
export function ruleKey(rule: Pick<TeamRule, "kind" | "pattern">): string {
  return `${rule.kind}\u0000${rule.pattern.toLowerCase()}`;
}
