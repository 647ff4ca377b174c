import { parseCsv } from "@/lib/csv-format/rfc4180";
import { unneutralise } from "@/lib/csv-format/neutralise";
import { UTF8_BOM_TEXT } from "@/lib/csv-format/bom";
import { crossCheck, ruleSchema, teamSchema, type ConfigProblem, type TeamsConfig } from "./config";
import type { Team, TeamRule } from "./rules";

/**
 * The spreadsheet finance keeps: `team,cost_centre,kind,pattern`, one rule a line. A line
 * with kind and pattern both empty lists a team without rules. Checked whole: every bad line
 * is reported with its line number (the header is line 1) and nothing is applied.
 */

export const TEAMS_CSV_HEADER = ["team", "cost_centre", "kind", "pattern"] as const;

export type ImportResult = { ok: true; config: TeamsConfig } | { ok: false; problems: ConfigProblem[] };

/** Managers' e-mails are not in the sheet: they are kept from `current` by team name. */
export function parseTeamsCsv(text: string, current: readonly Team[] = []): ImportResult {
  const body = text.startsWith(UTF8_BOM_TEXT) ? text.slice(1) : text;
  const records = parseCsv(body);
  const problems: ConfigProblem[] = [];
  const at = (line: number, message: string) => problems.push({ field: `line ${line}`, line, message });
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (header.join(",") !== TEAMS_CSV_HEADER.join(",")) {
    at(1, `the first line must be the header ${TEAMS_CSV_HEADER.join(",")}`);
    return { ok: false, problems };
  }
  const managers = new Map(current.map((t) => [t.name.toLowerCase(), t.managerEmail]));
  const teams = new Map<string, Team & { line: number }>();
  const rules: TeamRule[] = [];
  const ruleLines: number[] = [];
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    if (record.every((cell) => cell.trim() === "")) return;
    if (record.length !== 4) return at(line, `expected 4 fields (team,cost_centre,kind,pattern), found ${record.length}`);
    const [teamName, costCentre, kind, pattern] = record.map((cell) => unneutralise(cell.trim())) as [string, string, string, string];
    const team = teamSchema.safeParse({ name: teamName, costCentre, managerEmail: managers.get(teamName.toLowerCase()) ?? null });
    if (!team.success) return at(line, team.error.issues.map((i) => `${i.path.join(".") === "name" ? "team" : "cost_centre"} ${i.message}`).join("; "));
    const known = teams.get(team.data.name.toLowerCase());
    if (known && (known.costCentre ?? "") !== (team.data.costCentre ?? "")) {
      return at(line, `team "${team.data.name}" has cost centre "${known.costCentre ?? ""}" on line ${known.line} and "${team.data.costCentre ?? ""}" here`);
    }
    if (!known) teams.set(team.data.name.toLowerCase(), { ...team.data, line });
    if (kind === "" && pattern === "") return;
    const rule = ruleSchema.safeParse({ team: team.data.name, kind: kind.toLowerCase(), pattern });
    if (!rule.success) {
      const what = rule.error.issues.map((i) =>
        i.path[0] === "kind" ? `unknown kind "${kind}" (use project, owner or user)` : `pattern ${i.message}`,
      );
      return at(line, what.join("; "));
    }
    rules.push({ ...rule.data, team: known?.name ?? team.data.name });
    ruleLines.push(line);
  });
  const config: TeamsConfig = { teams: [...teams.values()].map(({ line: _line, ...team }) => team), rules };
  problems.push(...crossCheck(config, (i) => ruleLines[i]!));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
