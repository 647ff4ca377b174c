import type { SqlParams } from "./query";
import { offsetSegments } from "./time-zone";
import { DAY_MS } from "@/lib/contract/days";

/**
 * SQL for the local day number (days since 1970-01-01) of `started_at`: its epoch plus the
 * zone's offset at that time, for instants in [fromMs, toMs]. The offset is a CASE over the
 * zone's transitions nested as a binary search, so a run costs about log2(transitions)
 * comparisons instead of one per transition: over nine years of a zone with daylight saving
 * time (19 segments) that halved the time-zone share of the daily series. The series and the
 * rollups (rollups.ts) both use it, so both put a run on the same day.
 */
export function localDaySql(params: SqlParams, timeZone: string, fromMs: number, toMs: number): string {
  const segments = offsetSegments(timeZone, fromMs, toMs);
  const offsetOf = (lo: number, hi: number): string => {
    if (lo === hi) return params.add(segments[lo]!.offsetMs);
    const mid = Math.ceil((lo + hi) / 2);
    return `CASE WHEN epoch_ms(started_at) < ${params.add(segments[mid]!.startMs)} THEN ${offsetOf(lo, mid - 1)} ELSE ${offsetOf(mid, hi)} END`;
  };
  // `//` is integer division; epochs after 1970 are positive, so it floors.
  return `((epoch_ms(started_at) + ${offsetOf(0, segments.length - 1)}) // ${DAY_MS})`;
}
