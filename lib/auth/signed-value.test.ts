import { describe, expect, test } from "vitest";
import { readSessionToken, signSessionToken } from "./session";
import { signValue, verifyValue } from "./signed-value";

const secret = Buffer.from("a-test-secret-of-at-least-32-characters!!");
const other = Buffer.from("another-secret-of-at-least-32-characters!");

describe("signed values", () => {
  test("round-trips a payload", () => {
    expect(verifyValue(secret, "x", signValue(secret, "x", { a: 1 }))).toEqual({ a: 1 });
  });

  test.each([
    ["another secret", (v: string) => verifyValue(other, "x", v)],
    ["another purpose", (v: string) => verifyValue(secret, "y", v)],
    ["a changed payload", (v: string) => verifyValue(secret, "x", Buffer.from('{"a":2}').toString("base64url") + v.slice(v.indexOf(".")))],
    ["a cut signature", (v: string) => verifyValue(secret, "x", v.slice(0, -2))],
    ["no dot", (v: string) => verifyValue(secret, "x", v.replace(".", ""))],
    ["two dots", (v: string) => verifyValue(secret, "x", `${v}.x`)],
    ["a character appended to the signature", (v: string) => verifyValue(secret, "x", `${v}é`)],
    ["padding appended to the signature", (v: string) => verifyValue(secret, "x", `${v}=`)],
  ])("refuses %s", (_name, check) => {
    expect(check(signValue(secret, "x", { a: 1 }))).toBeNull();
  });

  test("refuses garbage without throwing", () => {
    for (const v of ["", ".", "a.b", "%%%.%%%", "x".repeat(10_000)]) expect(verifyValue(secret, "x", v)).toBeNull();
  });
});

describe("session cookie", () => {
  test("carries only the session's random token, signed", () => {
    const token = "t".repeat(43);
    const value = signSessionToken(secret, token);
    expect(readSessionToken(secret, value)).toBe(token);
    expect(readSessionToken(secret, `${value}x`)).toBeNull();
    expect(readSessionToken(Buffer.from("another-secret-of-at-least-32-characters"), value)).toBeNull();
    // The old signed-cookie form (who and until when) is not a session any more.
    expect(readSessionToken(secret, signValue(secret, "session", { v: 1, user: "admin", exp: Date.now() + 60_000 }))).toBeNull();
  });

  test("a share token is not a session", async () => {
    const { signShareToken } = await import("./share-token");
    const token = signShareToken(secret, { id: "i", page: "/", query: "", csv: false, exp: Date.now() + 60_000 });
    expect(readSessionToken(secret, token)).toBeNull();
  });
});
