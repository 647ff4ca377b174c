import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { request } from "undici";

/**
 * The processes a reliability scenario runs: the built Next.js app (`next start`, its own
 * DATA_DIR and port, only on 127.0.0.1) and helpers to stop them by PID and read their memory.
 *
 * The app runs from a snapshot of the build (`.next` copied first), so a build started
 * meanwhile cannot replace the files under a running scenario.
 */

export const ROOT = path.resolve(__dirname, "../..");
/** One snapshot per checkout: a CI clone running the suite beside this one keeps its own. */
export const APP_DIR = path.join(process.env.TMPDIR ?? "/tmp", `runledger-reliability-app-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}`);

/**
 * Builds and snapshots `.next`. `build`: "always", "never" (--no-build: the build in .next,
 * else the last snapshot), "if-missing" (--ci: the build the end-to-end tests just made) or
 * "snapshot" (--snapshot: the last snapshot as it is).
 */
export function prepareApp(options: { build: "always" | "never" | "if-missing" | "snapshot"; log: (m: string) => void }): void {
  const mode = options.build;
  const snapshot = existsSync(path.join(APP_DIR, ".next", "BUILD_ID"));
  if (mode === "snapshot") {
    if (!snapshot) throw new Error(`no snapshot in ${APP_DIR}: run without --snapshot`);
    options.log(`reusing the last snapshot (${APP_DIR})`);
    return;
  }
  if (mode === "never" && snapshot && !existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    options.log("no build in .next right now: reusing the last snapshot");
    return;
  }
  const build = {
    always: "npx next build >&2",
    never: "test -f .next/BUILD_ID",
    "if-missing": "if test -f .next/BUILD_ID; then echo '[reliability] reusing the build in .next' >&2; else npx next build >&2; fi",
  }[mode];
  const steps = [
    build,
    `rm -rf '${APP_DIR}/.next'`,
    `mkdir -p '${APP_DIR}'`,
    `tar -C . --exclude=.next/cache -cf - .next | tar -C '${APP_DIR}' -xf -`,
  ].join(" && ");
  options.log(
    { always: "building the app (next build)", never: "snapshotting the existing build", "if-missing": "snapshotting the build in .next (building it when there is none)" }[mode],
  );
  const result = spawnSync("sh", ["-c", steps], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(mode === "never" ? "no build in .next: run without --no-build" : "next build failed");
  for (const name of ["next.config.js", "package.json"]) cpSync(path.join(ROOT, name), path.join(APP_DIR, name));
  rmSync(path.join(APP_DIR, "public"), { recursive: true, force: true });
  // A clean clone has no public/ folder while it holds no files (git keeps no empty folders).
  if (existsSync(path.join(ROOT, "public"))) cpSync(path.join(ROOT, "public"), path.join(APP_DIR, "public"), { recursive: true });
  const modules = path.join(APP_DIR, "node_modules");
  if (!existsSync(modules) || readlinkSync(modules) !== path.join(ROOT, "node_modules")) {
    rmSync(modules, { force: true });
    symlinkSync(path.join(ROOT, "node_modules"), modules);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A 32+ character secret for the scenario's servers (Domino mode refuses to start without one). */
export const TEST_SECRET = "reliability-suite-secret-0123456789abcdef";

export interface AppOptions {
  dataDir: string;
  gatewayUrl: string;
  gatewayKey: string;
  /** Minutes between scheduled syncs; 0 = only on request. */
  syncInterval?: number;
  env?: Record<string, string>;
}

export interface AppServer {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the server printed, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash. */
  kill(): Promise<void>;
}

/** Starts `next start` on the snapshot; resolves once /api/health answers (or rejects when the process exits). */
export async function startApp(options: AppOptions, waitHealthy = true): Promise<AppServer> {
  if (!existsSync(path.join(APP_DIR, ".next", "BUILD_ID"))) throw new Error("no app snapshot: prepareApp first");
  mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: APP_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      TMPDIR: process.env.TMPDIR ?? "/tmp",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: options.dataDir,
      DOMINO_API_HOST: options.gatewayUrl,
      DOMINO_USER_API_KEY: options.gatewayKey,
      DOMINO_PAGE_LIMIT: "1000",
      AUTH_MODE: "none",
      RUNLEDGER_SECRET: TEST_SECRET,
      SYNC_INTERVAL: String(options.syncInterval ?? 0),
      ...options.env,
    },
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-64_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  const url = `http://127.0.0.1:${port}`;
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, signal);
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL");
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const app: AppServer = {
    url,
    port,
    pid: child.pid!,
    child,
    output: () => out,
    exited,
    stop: () => stopWith("SIGTERM"),
    kill: () => stopWith("SIGKILL"),
  };
  if (!waitHealthy) return app;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const said = /Runledger cannot start\.[^\n]*/.exec(out)?.[0] ?? out.trim().slice(-600);
      throw new Error(`the app exited (${child.exitCode ?? child.signalCode}) before answering: ${said}`);
    }
    try {
      const response = await request(`${url}/api/health`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
      await response.body.dump();
      if (response.statusCode === 200) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.kill();
      throw new Error(`the app did not answer /api/health within 90 s: ${out.trim().slice(-600)}`);
    }
    await sleep(200);
  }
}

/** Resident memory of a process, in bytes (VmRSS), and its peak so far (VmHWM); 0 once gone. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: 0, peak: 0 };
  }
}
