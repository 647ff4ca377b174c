import { z } from "zod";
import { NO_COST_CENTRE, RULE_KINDS, ruleKey, UNALLOCATED, type Team, type TeamRule } from "./rules";

/**
 * The whole team set-up (teams and their rules) as the editor saves it and an import
 * replaces it. Checked whole: every problem is listed, and nothing is saved while any remains.
 */

export interface TeamsConfig {
  teams: Team[];
  rules: TeamRule[];
}

export interface ConfigProblem {
  /** Where: a JSON path such as `rules.3.pattern`, or a CSV line such as `line 4`. */
  field: string;
  /** 1-based CSV line, when the problem comes from an import. */
  line?: number;
  message: string;
}

const name = z.string().trim().min(1, { message: "must not be empty" }).max(100, { message: "must be at most 100 characters" });
const optionalText = z
  .string()
  .trim()
  .max(100, { message: "must be at most 100 characters" })
  .nullish()
  .transform((v) => (v ? v : null));

export const teamSchema = z.object({
  name: name.refine((n) => n.toLowerCase() !== UNALLOCATED.toLowerCase(), { message: `"${UNALLOCATED}" is reserved for runs no rule matches` }),
  costCentre: optionalText.refine((c) => c !== NO_COST_CENTRE, { message: `"${NO_COST_CENTRE}" is reserved` }),
  managerEmail: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: "must be an e-mail address" }),
});

export const ruleSchema = z.object({
  team: name,
  kind: z.enum(RULE_KINDS, { message: `must be one of ${RULE_KINDS.join(", ")}` }),
  pattern: z.string().trim().min(1, { message: "must not be empty" }).max(300, { message: "must be at most 300 characters" }),
});

export const configSchema = z.object({
  teams: z.array(teamSchema).max(1000, { message: "at most 1000 teams" }),
  rules: z.array(ruleSchema).max(10_000, { message: "at most 10000 rules" }),
});

/** Problems across teams and rules that no single field shows: names, duplicates, ties. */
export function crossCheck(config: TeamsConfig, lineOfRule?: (index: number) => number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const where = (index: number) =>
    lineOfRule ? { field: `line ${lineOfRule(index)}`, line: lineOfRule(index) } : { field: `rules.${index}` };
  const teamNames = new Map<string, number>();
  config.teams.forEach((team, index) => {
    const key = team.name.toLowerCase();
    if (teamNames.has(key)) problems.push({ field: `teams.${index}.name`, message: `team "${team.name}" is listed twice` });
    teamNames.set(key, index);
  });
  const seen = new Map<string, { team: string; index: number }>();
  config.rules.forEach((rule, index) => {
    if (!teamNames.has(rule.team.toLowerCase())) {
      problems.push({ ...where(index), message: `rule for unknown team "${rule.team}"` });
    }
    const key = ruleKey(rule);
    const earlier = seen.get(key);
    if (earlier) {
      const at = lineOfRule ? `line ${lineOfRule(earlier.index)}` : `rule ${earlier.index + 1}`;
      problems.push({
        ...where(index),
        message:
          earlier.team.toLowerCase() === rule.team.toLowerCase()
            ? `duplicate rule: ${rule.kind} "${rule.pattern}" is already on ${at}`
            : `conflicting rule: ${rule.kind} "${rule.pattern}" is given to "${earlier.team}" on ${at} and to "${rule.team}" here`,
      });
    } else seen.set(key, { team: rule.team, index });
  });
  return problems;
}

/** Parses and checks a JSON set-up; every problem, or the clean config. */
export function parseConfig(raw: unknown): { ok: true; config: TeamsConfig } | { ok: false; problems: ConfigProblem[] } {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message })),
    };
  }
  const config: TeamsConfig = parsed.data;
  const problems = crossCheck(config);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
