import { handle } from "@/lib/api/handler";
import { parseQuery } from "@/lib/contract/filters";
import { getRunning, runningParams } from "@/lib/analytics/running";
import { longRunRule } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The runs in flight at the last sync, longest first, with the long-running mark; `limit=0` for the summary alone. */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { filters, params } = parseQuery(new URL(request.url).searchParams, runningParams);
  return Response.json(await getRunning(filters, params, longRunRule()));
});
