/**
 * First-load JavaScript of an App Router page, from the build's manifests: the shared main
 * chunks plus the page's and its layout's entry chunks, gzip-compressed, as `next build`
 * reported it before Next 16 dropped the column. Chunks loaded later (next/dynamic) are
 * not counted here; they are listed separately.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import vm from "node:vm";

export interface FirstLoad {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export function firstLoadJs(nextDir: string, route: "/" | string): FirstLoad {
  const segment = route === "/" ? "page" : `${route.replace(/^\//, "")}/page`;
  const build = JSON.parse(readFileSync(path.join(nextDir, "server/app", segment, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const manifestSource = readFileSync(path.join(nextDir, "server/app", `${segment}_client-reference-manifest.js`), "utf8");
  const sandbox: { self: Record<string, unknown>; globalThis?: unknown } = { self: {} };
  sandbox.globalThis = sandbox.self;
  vm.runInNewContext(manifestSource, sandbox);
  const manifests = (sandbox.self as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> })
    .__RSC_MANIFEST;
  const manifest = manifests?.[`/${segment}`];
  if (!manifest) throw new Error(`no client reference manifest for ${route}`);
  const entries = Object.entries(manifest.entryJSFiles)
    .filter(([name]) => name === `[project]/app/${segment}` || name === "[project]/app/layout")
    .flatMap(([, files]) => files);
  const files = [...new Set([...build.rootMainFiles, ...entries])];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(nextDir, file));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawBytes, gzipBytes };
}
