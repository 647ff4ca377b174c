import { errorResponse } from "./errors";

/** Wraps a route handler so that every thrown error becomes the project's error response. */
export function handle<Args extends unknown[]>(
  fn: (request: Request, ...args: Args) => Promise<Response> | Response,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    try {
      return await fn(request, ...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
