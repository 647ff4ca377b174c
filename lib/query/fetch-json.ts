/**
 * GET a JSON endpoint of the dashboard's API. A failed answer becomes an ApiRequestError
 * carrying the server's own message, so the error state can show what went wrong.
 */

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** Reads `{"error": {"code", "message", "field"?}}`; anything else gets a message naming the status. */
export function errorFromBody(status: number, body: unknown): ApiRequestError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  if (error && typeof error.message === "string") {
    return new ApiRequestError(
      error.message,
      status,
      typeof error.code === "string" ? error.code : "error",
      typeof error.field === "string" ? error.field : undefined,
    );
  }
  return new ApiRequestError(`The server answered ${status} without an explanation.`, status, "error");
}

export async function fetchJson<T>(url: string, init: { signal?: AbortSignal; method?: string } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json" } });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiRequestError("The dashboard's server cannot be reached. Check your connection.", 0, "network");
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw errorFromBody(response.status, body);
  if (body === null) throw new ApiRequestError("The server's answer was not JSON.", response.status, "bad_response");
  return body as T;
}
