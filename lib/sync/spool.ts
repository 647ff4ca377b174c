import "server-only";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Page bodies on their way into DuckDB, which reads files: one file per page, named in the
 * order the pages were read (the later page wins when a run appears twice in a batch). The
 * files are only a hand-over; the store's transaction is the truth, so the folder is emptied
 * whenever a sync starts and files are removed once their batch commits.
 */
export class Spool {
  private seq = 0;

  constructor(readonly dir: string) {}

  /** Empties the folder: leftovers of a sync that died belong to no transaction. */
  reset(): void {
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith(".json")) rmSync(path.join(this.dir, name), { force: true });
    }
  }

  write(bytes: Buffer | Uint8Array): string {
    const file = path.join(this.dir, `page-${String(this.seq++).padStart(9, "0")}.json`);
    writeFileSync(file, bytes);
    return file;
  }

  remove(files: readonly string[]): void {
    for (const file of files) rmSync(file, { force: true });
  }
}
