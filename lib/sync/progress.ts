import { batchIdTime } from "./cursor";

/**
 * Progress a person can read: runs stored, pages, rate, and how far through time the cursor
 * has come. batchIds follow queue time, so the cursor's moment between the sync's first run
 * and now is a fair measure of the share done (runs are not spread evenly, so it is an
 * estimate, and it is null when batchIds are not times).
 */

export interface SyncProgress {
  runsStored: number;
  pages: number;
  runsPerSecond: number;
  percent: number | null;
  etaSeconds: number | null;
}

export class ProgressTracker {
  runsStored = 0;
  pages = 0;
  rejected = 0;
  private readonly startedAt: number;
  private fromMs: number | null;
  private cursorMs: number | null = null;

  constructor(
    from: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.fromMs = batchIdTime(from, this.startedAt);
  }

  /** The first cursor seen, when the sync started from the oldest run (no cursor of its own). */
  noteStart(batchId: string | null): void {
    if (this.fromMs === null) this.fromMs = batchIdTime(batchId, this.now());
  }

  /** After a batch commits. */
  add(runs: number, pages: number, rejected: number, cursor: string | null): void {
    this.runsStored += runs;
    this.pages += pages;
    this.rejected += rejected;
    const ms = batchIdTime(cursor, this.now());
    if (ms !== null) this.cursorMs = ms;
  }

  elapsedSeconds(): number {
    return Math.max(0, (this.now() - this.startedAt) / 1000);
  }

  snapshot(): SyncProgress {
    const now = this.now();
    const elapsed = this.elapsedSeconds();
    const runsPerSecond = elapsed > 0 ? Math.round(this.runsStored / elapsed) : 0;
    let percent: number | null = null;
    let etaSeconds: number | null = null;
    if (this.fromMs !== null && this.cursorMs !== null && now > this.fromMs) {
      const share = Math.min(1, Math.max(0, (this.cursorMs - this.fromMs) / (now - this.fromMs)));
      percent = Math.round(share * 1000) / 10;
      if (share > 0 && share < 1) etaSeconds = Math.round((elapsed * (1 - share)) / share);
      else if (share >= 1) etaSeconds = 0;
    }
    return { runsStored: this.runsStored, pages: this.pages, runsPerSecond, percent, etaSeconds };
  }
}
