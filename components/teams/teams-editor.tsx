"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/query/fetch-json";
import { sendJson, type SendResult } from "@/lib/query/send-json";
import { formatCount, formatMoney } from "@/lib/ui/format";
import { Card } from "@/components/layout/card";
import { PageHeader } from "@/components/layout/page-header";
import { useSettings } from "@/components/layout/settings-context";
import { ErrorState } from "@/components/layout/error-state";
import type { TeamsAnswer, TeamsPreview } from "@/lib/contract/answers";
import { RULE_KINDS, type RuleKind } from "@/lib/teams/rules";

type Team = TeamsAnswer["teams"][number];
type Rule = TeamsAnswer["rules"][number];
type Tie = TeamsAnswer["conflicts"][number];
type Problems = SendResult<unknown>["problems"];

const input = "h-8 w-full min-w-0 rounded-md border border-border-strong bg-card px-2 text-sm";
const button = "inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle disabled:opacity-50";
// On a phone each table row is a small form of its own: the header row is hidden, each field has
// its label above it, and the fields wrap onto two lines instead of making the card scroll sideways.
const tableBox = "sm:relative sm:overflow-x-auto";
const table = "block w-full text-sm sm:table sm:min-w-[32rem]";
const head = "hidden sm:table-header-group";
const body = "block sm:table-row-group";
const row = "grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-end gap-x-2 gap-y-2 border-t border-border py-3 sm:table-row sm:py-0";
const cell = "block min-w-0 sm:table-cell sm:py-1.5 sm:pr-2";
const removeCell = "order-2 block sm:table-cell sm:py-1.5 sm:text-right";
// Phone placement: the name (or the rule's team) and Remove on the first line, the rest on the second.
const first = "order-1 col-span-2";
const second = "order-3";
const secondWide = "order-4 col-span-2";

/** A field's name above it on a phone, where the header row is hidden; the input keeps its aria-label. */
function PhoneLabel({ children }: { children: string }) {
  return (
    <span aria-hidden="true" className="mb-1 block text-xs text-muted sm:hidden">
      {children}
    </span>
  );
}

const primary = "inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground disabled:opacity-50";

function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** The admin's editor of teams and rules: edit or import, preview what moves, then save. */
export function TeamsEditor() {
  const { viewer } = useSettings();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ["teams"], queryFn: ({ signal }) => fetchJson<TeamsAnswer>("/api/teams", { signal }) });
  const [teams, setTeams] = useState<Team[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [problems, setProblems] = useState<{ title: string; list: Problems; message: string | null } | null>(null);
  const [preview, setPreview] = useState<{ of: string; answer: TeamsPreview } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (current.data && !loaded) {
      setTeams(current.data.teams);
      setRules(current.data.rules);
      setLoaded(true);
    }
  }, [current.data, loaded]);

  const draft = useMemo(() => JSON.stringify({ teams, rules }), [teams, rules]);
  const previewed = preview?.of === draft ? preview.answer : null;

  if (viewer !== "admin") {
    return (
      <>
        <PageHeader title="Edit teams" share={false} />
        <p role="alert" className="rounded-lg border border-border bg-card p-4 text-sm">
          Only an admin can change teams and rules.
        </p>
      </>
    );
  }

  const changed = () => {
    setNotice(null);
    setProblems(null);
  };

  const importCsv = async (file: File) => {
    changed();
    setBusy(true);
    const result = await sendJson<{ config: { teams: Team[]; rules: Rule[] } }>("/api/teams/import", "POST", await file.text(), "text/csv");
    setBusy(false);
    if (fileInput.current) fileInput.current.value = "";
    if (!result.ok || !result.body) {
      setProblems({ title: `${file.name} was not imported: nothing changed`, list: result.problems, message: result.message });
      return;
    }
    setTeams(result.body.config.teams);
    setRules(result.body.config.rules);
    setPreview(null);
    setNotice(`${file.name}: ${result.body.config.teams.length} teams and ${result.body.config.rules.length} rules read. Preview, then save to apply them.`);
  };

  const runPreview = async () => {
    changed();
    setBusy(true);
    const result = await sendJson<TeamsPreview>("/api/teams/preview", "POST", { teams, rules });
    setBusy(false);
    if (!result.ok || !result.body) return setProblems({ title: "The set-up has problems", list: result.problems, message: result.message });
    setPreview({ of: draft, answer: result.body });
  };

  const save = async () => {
    changed();
    setBusy(true);
    const result = await sendJson<{ runsChanged: number; ms: number }>("/api/teams", "PUT", { teams, rules });
    setBusy(false);
    if (!result.ok || !result.body) return setProblems({ title: "Not saved", list: result.problems, message: result.message });
    setPreview(null);
    setNotice(`Saved. ${formatCount(result.body.runsChanged)} runs changed team, in history too.`);
    await client.invalidateQueries();
  };

  const setTeam = (index: number, patch: Partial<Team>) => setTeams((list) => list.map((t, i) => (i === index ? { ...t, ...patch } : t)));
  const setRule = (index: number, patch: Partial<Rule>) => setRules((list) => list.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const renameTeam = (index: number, name: string) => {
    const old = teams[index]!.name;
    setTeam(index, { name });
    setRules((list) => list.map((r) => (r.team === old ? { ...r, team: name } : r)));
  };

  return (
    <>
      <PageHeader
        title="Edit teams"
        share={false}
        description="Rules say which projects, project owners and users belong to a team. The most specific rule wins: project, then owner, then user."
        actions={
          <>
            <Link href="/teams" className={button}>
              Cost by team
            </Link>
            <a href="/api/teams.csv" className={button} download>
              Export CSV
            </a>
            <label className={`${button} cursor-pointer`}>
              Import CSV
              <input
                ref={fileInput}
                type="file"
                accept=".csv,text/csv"
                className="sr-only"
                data-testid="teams-import"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void importCsv(file);
                }}
              />
            </label>
          </>
        }
      />
      {current.isError ? <ErrorState error={current.error} onRetry={() => void current.refetch()} /> : null}
      <div className="flex flex-col gap-4">
        {problems ? (
          <div role="alert" data-testid="teams-problems" className="rounded-lg border border-danger bg-danger-soft p-4 text-sm">
            <p className="font-semibold">{problems.title}</p>
            {problems.list.length > 0 ? (
              <ul className="mt-2 list-disc space-y-1 pl-5">
                {problems.list.map((p, i) => (
                  <li key={i}>
                    <span className="font-medium">{p.line ? `Line ${p.line}` : p.field}:</span> {p.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1">{problems.message}</p>
            )}
          </div>
        ) : null}
        {notice ? (
          <p role="status" data-testid="teams-notice" className="rounded-lg border border-border bg-card p-3 text-sm">
            {notice}
          </p>
        ) : null}
        {current.data && current.data.conflicts.length > 0 ? (
          <Card title="Runs whose rules tie" description="These runs stay Unallocated until a rule decides between the teams." titleId="ties-title">
            <TieList ties={current.data.conflicts} />
          </Card>
        ) : null}

        <div className="grid gap-4 xl:grid-cols-2">
          <Card title={`Teams (${teams.length})`} titleId="teams-title">
            <div className={tableBox}>
              <table className={table} aria-labelledby="teams-title">
                <thead className={head}>
                  <tr className="text-left text-xs text-muted">
                    <th className="py-2 pr-2 font-medium">Name</th>
                    <th className="py-2 pr-2 font-medium">Cost centre</th>
                    <th className="py-2 pr-2 font-medium">Manager e-mail</th>
                    <th className="py-2 font-medium">
                      <span className="sr-only">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody className={body}>
                  {teams.map((team, i) => (
                    <tr key={i} className={row}>
                      <td className={`${cell} ${first}`}>
                        <PhoneLabel>Name</PhoneLabel>
                        <input aria-label={`Team ${i + 1} name`} className={input} value={team.name} onChange={(e) => (changed(), renameTeam(i, e.target.value))} />
                      </td>
                      <td className={`${cell} ${second}`}>
                        <PhoneLabel>Cost centre</PhoneLabel>
                        <input aria-label={`Team ${i + 1} cost centre`} className={input} value={team.costCentre ?? ""} onChange={(e) => (changed(), setTeam(i, { costCentre: e.target.value || null }))} />
                      </td>
                      <td className={`${cell} ${secondWide}`}>
                        <PhoneLabel>Manager e-mail</PhoneLabel>
                        <input aria-label={`Team ${i + 1} manager e-mail`} type="email" className={input} value={team.managerEmail ?? ""} onChange={(e) => (changed(), setTeam(i, { managerEmail: e.target.value || null }))} />
                      </td>
                      <td className={removeCell}>
                        <button type="button" className={button} onClick={() => (changed(), setTeams((l) => l.filter((_, j) => j !== i)), setRules((l) => l.filter((r) => r.team !== team.name)))}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" className={`${button} mt-3`} onClick={() => (changed(), setTeams((l) => [...l, { name: `Team ${l.length + 1}`, costCentre: null, managerEmail: null }]))}>
                Add team
              </button>
            </div>
          </Card>

          <Card title={`Rules (${rules.length})`} description="Patterns may use * for any text; matching ignores case." titleId="rules-title">
            <div className={tableBox}>
              <table className={table} aria-labelledby="rules-title">
                <thead className={head}>
                  <tr className="text-left text-xs text-muted">
                    <th className="py-2 pr-2 font-medium">Team</th>
                    <th className="py-2 pr-2 font-medium">Kind</th>
                    <th className="py-2 pr-2 font-medium">Pattern</th>
                    <th className="py-2 font-medium">
                      <span className="sr-only">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody className={body}>
                  {rules.map((rule, i) => (
                    <tr key={i} className={row}>
                      <td className={`${cell} ${first}`}>
                        <PhoneLabel>Team</PhoneLabel>
                        <select aria-label={`Rule ${i + 1} team`} className={input} value={rule.team} onChange={(e) => (changed(), setRule(i, { team: e.target.value }))}>
                          {[...new Set([rule.team, ...teams.map((t) => t.name)])].map((name) => (
                            <option key={name}>{name}</option>
                          ))}
                        </select>
                      </td>
                      <td className={`${cell} ${second}`}>
                        <PhoneLabel>Kind</PhoneLabel>
                        <select aria-label={`Rule ${i + 1} kind`} className={input} value={rule.kind} onChange={(e) => (changed(), setRule(i, { kind: e.target.value as RuleKind }))}>
                          {RULE_KINDS.map((kind) => (
                            <option key={kind} value={kind}>
                              {kind}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className={`${cell} ${secondWide}`}>
                        <PhoneLabel>Pattern</PhoneLabel>
                        <input aria-label={`Rule ${i + 1} pattern`} className={input} value={rule.pattern} onChange={(e) => (changed(), setRule(i, { pattern: e.target.value }))} />
                      </td>
                      <td className={removeCell}>
                        <button type="button" className={button} onClick={() => (changed(), setRules((l) => l.filter((_, j) => j !== i)))}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button
                type="button"
                className={`${button} mt-3`}
                disabled={teams.length === 0}
                onClick={() => (changed(), setRules((l) => [...l, { team: teams[0]!.name, kind: "project", pattern: "" }]))}
              >
                Add rule
              </button>
            </div>
          </Card>
        </div>

        <Card
          title="Preview and save"
          description="A change applies to every stored run at once, history included. Preview what moves before saving."
          titleId="preview-title"
        >
          <div className="flex flex-col gap-3">
            <div className="flex flex-wrap gap-2">
              <button type="button" className={button} disabled={busy} onClick={() => void runPreview()} data-testid="teams-preview">
                Preview
              </button>
              <button
                type="button"
                className={primary}
                disabled={busy || !previewed || previewed.conflicts.length > 0}
                onClick={() => void save()}
                data-testid="teams-save"
              >
                Save and apply
              </button>
            </div>
            {previewed ? (
              <div data-testid="teams-preview-result" className="text-sm">
                {previewed.moves.length === 0 ? (
                  <p>No run changes team.</p>
                ) : (
                  <ul className="space-y-1">
                    {previewed.moves.map((m, i) => (
                      <li key={i}>
                        This moves <strong className="tabular">{formatCount(m.runs)}</strong> runs,{" "}
                        <strong className="tabular">{formatMoney(m.lastMonthCost, m.currency)}</strong> of {monthLabel(previewed.lastMonth)} (
                        {formatMoney(m.cost, m.currency)} in all), from <strong>{m.from}</strong> to <strong>{m.to}</strong>.
                      </li>
                    ))}
                  </ul>
                )}
                {previewed.conflicts.length > 0 ? (
                  <div className="mt-3" role="alert">
                    <p className="font-semibold text-danger">Rules of two teams tie on these runs: make one more specific before saving.</p>
                    <TieList ties={previewed.conflicts} />
                  </div>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-muted">Preview the current set-up to enable saving.</p>
            )}
          </div>
        </Card>
      </div>
    </>
  );
}

function TieList({ ties }: { ties: Tie[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {ties.map((t, i) => (
        <li key={i}>
          Project <strong>{t.projectKey}</strong>, user <strong>{t.user}</strong>: {t.teams} ({formatCount(t.runs)} runs)
        </li>
      ))}
    </ul>
  );
}
