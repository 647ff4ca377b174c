import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ApiError, errorResponse } from "./errors";

describe("errorResponse", () => {
  test("a 429 carries its Retry-After header and the one error body", async () => {
    const response = errorResponse(new ApiError("too_many_requests", "try again in 30 s", undefined, { headers: { "Retry-After": "30" } }));
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("30");
    expect(await response.json()).toEqual({ error: { code: "too_many_requests", message: "try again in 30 s" } });
  });

  test("details join the body beside `error`, which they cannot replace", async () => {
    const problems = [{ field: "rules.0", message: "bad" }];
    const response = errorResponse(new ApiError("bad_request", "rules.0: bad", "rules.0", { details: { problems } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "rules.0: bad", field: "rules.0" }, problems });
    const sneaky = errorResponse(new ApiError("bad_request", "no", undefined, { details: { error: "replaced" } }));
    expect((await sneaky.json()).error).toEqual({ code: "bad_request", message: "no" });
  });

  test("a zod error is a 400 naming the field; anything else a 500 without its message", async () => {
    const zod = z.object({ by: z.enum(["a"]) }).safeParse({ by: "b" });
    const bad = errorResponse(zod.error);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("by");
    const internal = errorResponse(new Error("SELECT secret FROM runs"));
    expect(internal.status).toBe(500);
    expect(JSON.stringify(await internal.json())).not.toContain("SELECT");
  });

  test("an ApiError made by another bundle's copy of this module keeps its status (the replicas' 503 at boot)", async () => {
    vi.resetModules();
    const other = await import("./errors");
    expect(other.ApiError).not.toBe(ApiError);
    const response = errorResponse(new other.ApiError("unavailable", "The shared database cannot be reached."));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "unavailable", message: "The shared database cannot be reached." } });
  });
});
