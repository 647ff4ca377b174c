import { z } from "zod";

/**
 * The one error module: every route answers errors as
 * `{"error": {"code", "message", "field"?}}` with the status of its code.
 * Unknown errors become a generic 500 message: never a stack or SQL text.
 */

export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_many_requests: 429,
  upstream_unavailable: 502,
  unavailable: 503,
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/**
 * Marks an ApiError whichever copy of this module made it: Next.js bundles server code more
 * than once (the instrumentation that boots the server, each route), so `instanceof` misses
 * an ApiError made in another bundle, such as the replicas' store gate created at boot.
 */
const API_ERROR = Symbol.for("runledger.api-error");

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    /** Headers the answer carries (a 429's Retry-After) and fields added to the body (every problem of a sheet). */
    readonly extra: { headers?: HeadersInit; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    Object.defineProperty(this, API_ERROR, { value: true });
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string };
}

export function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "invalid request";
  return new ApiError("bad_request", message, field);
}

/** Whether `error` is an ApiError, made by this copy of the module or by another bundle's. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError || (typeof error === "object" && error !== null && Reflect.get(error, API_ERROR) === true);
}

export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  if (error instanceof z.ZodError) return fromZodError(error);
  return new ApiError("internal", "Something went wrong on the server. The error was logged.");
}

export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const apiError = toApiError(error);
  if (apiError.code === "internal") console.error("[api] unexpected error:", describe(error));
  const body: ErrorBody = {
    // Details first: they add to the body, never replace its `error`.
    ...apiError.extra.details,
    error: { code: apiError.code, message: apiError.message, ...(apiError.field ? { field: apiError.field } : {}) },
  };
  const merged = new Headers(apiError.extra.headers);
  new Headers(headers).forEach((value, name) => merged.set(name, value));
  return Response.json(body, { status: apiError.status, headers: merged });
}

/** A log line for an unexpected error: its name and message, without secrets of the request. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
