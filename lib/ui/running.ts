import { todayIn } from "./date-range";

/**
 * The runs page showing one run's details: its user and project on the day it started (a
 * handful of runs, so it is on the first page), with the run selected.
 */
export function runDetailsHref(run: { runId: string; userName: string; projectKey: string; startedAt: string }, timeZone: string): string {
  const day = todayIn(timeZone, new Date(run.startedAt));
  const params = new URLSearchParams({ range: "custom", from: day, to: day, user: run.userName, project: run.projectKey, run: run.runId });
  return `/runs?${params.toString()}`;
}

/** "24 h" or "30 d": a long-running threshold in words. */
export function formatThreshold(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} d` : `${hours} h`;
}
