import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Shared by the simulator's tests: an RFC 4180 reader and Domino's article's curl commands. */

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
    i++;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * The article's three requests, line for line. The first one's URL follows a stray
 * backslash-space in the article ("\ 'https://…'"), which a shell turns into a URL with a
 * leading space that curl itself rejects; it is written here as the line continuation the
 * article means.
 */
export const ARTICLE_CURLS = {
  oldest: [`curl --include \\`, `-H "X-Domino-Api-Key: <your-api-key>" \\`, `'https://<your-domino-url>/v4/gateway/runs/getByBatchId'`],
  next: [`curl --include \\`, `-H "X-Domino-Api-Key: <your-api-key>" \\`, `'https://<your-domino-url>/v4/gateway/runs/getByBatchId?batchId=<nextBatchId>'`],
  csv: [
    `curl --include \\`,
    `-H "X-Domino-Api-Key: <your-api-key>" \\`,
    `-H 'Accept: text/csv' \\`,
    `'https://<your-domino-url>/v4/gateway/runs/getByBatchId' > your_file.csv`,
  ],
} as const;

export interface CurlResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Runs one of the article's commands through /bin/sh, placeholders filled in, in a fresh
 * directory; returns what it printed, or the file it wrote (`> your_file.csv`).
 */
export async function runArticleCurl(
  lines: readonly string[],
  values: { baseUrl: string; apiKey: string; nextBatchId?: string },
): Promise<CurlResult> {
  const script = lines
    .join("\n")
    .replaceAll("https://<your-domino-url>", values.baseUrl)
    .replaceAll("<your-api-key>", values.apiKey)
    .replaceAll("<nextBatchId>", values.nextBatchId ?? "");
  const dir = await mkdtemp(path.join(tmpdir(), "article-curl-"));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile("/bin/sh", ["-c", script], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
    const output = script.includes("> your_file.csv") ? await readFile(path.join(dir, "your_file.csv"), "utf8") : stdout;
    return parseIncluded(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Splits `curl --include` output into status, headers and body. */
function parseIncluded(output: string): CurlResult {
  const split = output.indexOf("\r\n\r\n");
  const head = output.slice(0, split).split("\r\n");
  const status = Number(head[0]!.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: output.slice(split + 4) };
}
