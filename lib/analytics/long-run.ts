import { RUN_TYPES } from "@/lib/gateway/run";

/**
 * When a run in flight counts as long-running: LONG_RUN_HOURS for every run type, unless
 * LONG_RUN_HOURS_BY_TYPE names its own for a type (Model APIs and Apps serve for weeks by
 * design, so a day says nothing about them). Pure, so lib/env.ts validates with it and the
 * running-now query and its tests read the same rule.
 */
export interface LongRunRule {
  /** Hours after which a run of a type not listed in `byType` is long-running. */
  hours: number;
  /** Per run type (the gateway's runType), hours. */
  byType: Readonly<Record<string, number>>;
}

export const MAX_LONG_RUN_HOURS = 24 * 366;

/**
 * Reads "App=720,Endpoint=720" (run type = hours, comma-separated; spaces allowed). Returns
 * the map, or the problem in words for the variable's error message.
 */
export function parseLongRunByType(text: string): { ok: true; byType: Record<string, number> } | { ok: false; problem: string } {
  const byType: Record<string, number> = {};
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const match = /^([A-Za-z]+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(item);
    if (!match) return { ok: false, problem: `"${item}" is not RunType=hours (e.g. App=720,Endpoint=720)` };
    const [, type, hours] = match as unknown as [string, string, string];
    if (!(RUN_TYPES as readonly string[]).includes(type)) {
      return { ok: false, problem: `"${type}" is not a run type (one of ${RUN_TYPES.join(", ")})` };
    }
    const value = Number(hours);
    if (value <= 0 || value > MAX_LONG_RUN_HOURS) return { ok: false, problem: `${type}: hours must be above 0 and at most ${MAX_LONG_RUN_HOURS}` };
    if (type in byType) return { ok: false, problem: `${type} is given twice` };
    byType[type] = value;
  }
  return { ok: true, byType };
}

/** The threshold in hours for a run type. */
export function longRunHours(rule: LongRunRule, runType: string): number {
  return rule.byType[runType] ?? rule.hours;
}
