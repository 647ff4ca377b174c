import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Every temporary file of a test run (stores, CSV windows, spools) goes into one folder of its
 * own, removed when the run ends: test files need not each clean up, and nothing is left in
 * the system's temp folder. The workers inherit TMPDIR, which os.tmpdir() reads.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runledger-tests-"));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
