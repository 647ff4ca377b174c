import type { ExportProgress } from "./export";

/**
 * A one-line progress bar redrawn in place on a terminal. How far the export is comes from
 * time: the queue time of the last run read, between the first run's and the end date
 * (or now, without an end date), since the number of runs is not known in advance.
 */

export interface ProgressBar {
  update(progress: ExportProgress): void;
  /** Clears the line so the summary that follows starts clean. */
  done(): void;
}

const WIDTH = 28;
const REDRAW_EVERY_MS = 100;

export function createProgressBar(stream: NodeJS.WritableStream & { columns?: number }, endMs: number): ProgressBar {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      const line = progressLine(progress, endMs, (now - started) / 1000);
      const columns = stream.columns || 100;
      stream.write(`\r${line.slice(0, Math.max(20, columns - 1))}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

export function progressLine(progress: ExportProgress, endMs: number, seconds: number): string {
  let fraction = 0;
  if (progress.firstTime !== null && progress.reachedTime !== null) {
    const from = Date.parse(progress.firstTime);
    const span = endMs - from;
    fraction = span > 0 ? (Date.parse(progress.reachedTime) - from) / span : 1;
  }
  fraction = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(fraction * WIDTH);
  const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
  const rate = seconds > 0 ? Math.round(progress.runs / seconds) : 0;
  const day = progress.reachedTime?.slice(0, 10) ?? "…";
  const rejected = progress.rejected > 0 ? `  ${progress.rejected.toLocaleString("en-US")} unreadable` : "";
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${progress.runs.toLocaleString("en-US")} runs  at ${day}  ${rate.toLocaleString("en-US")} runs/s${rejected}`;
}
