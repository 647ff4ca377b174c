import { z } from "zod";
import { ApiError, isApiError } from "@/lib/api/errors";
import { neutralise } from "@/lib/csv-format/neutralise";
import { csvRecord } from "@/lib/csv-format/rfc4180";
import { requireAccess } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { RUN_FIELDS } from "@/lib/gateway/run";
import { getStore } from "@/lib/store/db";
import { readRunsByBatch } from "@/lib/store/runs-by-batch";

export const dynamic = "force-dynamic";

/**
 * Domino's export endpoint, served by Runledger from its store: same path, parameters and
 * bodies, authenticated by a Runledger API token (Authorization: Bearer or X-Domino-Api-Key).
 * A script written for Domino changes only its URL and key, and never holds the admin key.
 * In CSV mode the next cursor travels in the X-Next-Batch-Id header, and text cells that a
 * spreadsheet would run as formulas are neutralised as in the dashboard's own CSVs; `raw=1`
 * gives them exactly as stored, for scripts that compare with Domino byte for byte.
 */

const query = z.object({
  batchId: z.string().regex(/^\d{1,30}$/, { message: "must be a batchId (a digit string)" }).optional(),
  limit: z.coerce
    .number({ message: "must be an integer from 1 to 10000" })
    .int({ message: "must be an integer from 1 to 10000" })
    .min(1, { message: "must be an integer from 1 to 10000" })
    .max(10_000, { message: "must be an integer from 1 to 10000" })
    .default(1000),
  raw: z.enum(["0", "1"], { message: "must be 1 (cells as stored) or 0" }).optional(),
});

export async function GET(request: Request): Promise<Response> {
  try {
    await requireAccess(request);
    const params = new URL(request.url).searchParams;
    for (const key of params.keys()) {
      if (key !== "batchId" && key !== "limit" && key !== "raw") throw new ApiError("bad_request", `unknown parameter "${key}"; use batchId, limit and raw`, key);
    }
    const raw = Object.fromEntries([...params].filter(([, v]) => v !== ""));
    const parsed = query.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".");
      throw new ApiError("bad_request", `${field}: ${issue.message}`, field);
    }
    const store = await getStore(env().DATA_DIR);
    const conn = await store.connect();
    let page;
    try {
      page = await readRunsByBatch(conn, parsed.data.batchId ?? null, parsed.data.limit);
    } finally {
      conn.closeSync();
    }
    const headers = { "Cache-Control": "private, no-store" };
    if (wantsCsv(request.headers.get("accept"))) {
      let body = csvRecord(RUN_FIELDS);
      const raw = parsed.data.raw === "1";
      for (const run of page.runs) body += csvRecord(RUN_FIELDS.map((f) => (raw || typeof run[f] !== "string" ? run[f] : neutralise(run[f] as string))));
      return new Response(body, {
        headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", ...(page.nextBatchId ? { "X-Next-Batch-Id": page.nextBatchId } : {}) },
      });
    }
    return Response.json(page, { headers });
  } catch (error) {
    return dominoError(error);
  }
}

/** Domino answers errors as {"message": ...}; the project's error object rides along. */
function dominoError(error: unknown): Response {
  const apiError = isApiError(error) ? error : new ApiError("internal", "Something went wrong on the server. The error was logged.");
  if (!isApiError(error)) console.error("[gateway-endpoint] unexpected error:", error instanceof Error ? error.name : typeof error);
  return Response.json(
    { message: apiError.message, error: { code: apiError.code, message: apiError.message, ...(apiError.field ? { field: apiError.field } : {}) } },
    { status: apiError.status },
  );
}

function wantsCsv(accept: string | null): boolean {
  if (!accept) return false;
  const csv = accept.indexOf("text/csv");
  const json = accept.indexOf("application/json");
  return csv >= 0 && (json < 0 || csv < json);
}
