import { ApiError, errorResponse } from "@/lib/api/errors";
import type { ConfigProblem } from "./config";

/**
 * A 400 listing every problem of a set-up or import: the project's error body (the first
 * problem as `message` and `field`) plus `problems`, so an admin fixes the whole sheet at once.
 */
export function problemsResponse(problems: readonly ConfigProblem[]): Response {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return errorResponse(new ApiError("bad_request", `${first.field}: ${first.message}${more}`, first.field, { details: { problems } }));
}
