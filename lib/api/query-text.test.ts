import { describe, expect, test } from "vitest";
import { isHeaderSafe, queryTextProblem } from "./query-text";

describe("query values no route can use", () => {
  test.each([
    ["NUL", "currency=%00"],
    ["a newline", "next=%2Fusers%0A"],
    ["a tab", "q=a%09b"],
    ["DEL", "user=%7F"],
    ["an RTL override", "project=%E2%80%AEgnp.exe"],
    ["an isolate", "user=%E2%81%A6x"],
  ])("%s: 400 naming the parameter", (_n, query) => {
    const problem = queryTextProblem(new URLSearchParams(query));
    expect(problem?.field).toBe(query.split("=")[0]);
    expect(problem?.message).toMatch(/control or text-direction/);
  });

  test("a parameter name that is not one of ours is not repeated back", () => {
    const problem = queryTextProblem(new URLSearchParams("'%7C%7C(SELECT%20version())%7C%7C'=%00team"));
    expect(problem?.field).toBe("(parameter)");
    expect(problem?.message).not.toMatch(/SELECT/);
  });

  test.each(["user=日本", "project=acme%2F%F0%9F%9A%80", "q=caf%C3%A9", "range=30d&tier=GPU+large"])("%s is fine", (query) => {
    expect(queryTextProblem(new URLSearchParams(query))).toBeNull();
  });

  test("header-safe text", () => {
    expect(isHeaderSafe("USD")).toBe(true);
    for (const text of ["日", "\u0000", "🚀", "\u202e", "a\nb"]) expect(isHeaderSafe(text)).toBe(false);
  });
});
