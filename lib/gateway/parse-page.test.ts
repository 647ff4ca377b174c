import { describe, expect, test } from "vitest";
import { GatewayError } from "./errors";
import { looksLikeCompleteObject, parsePage, peekNextBatchId } from "./parse-page";

const buf = (text: string) => Buffer.from(text);

describe("parsePage", () => {
  test.each([
    ["null", '{"runs":[],"nextBatchId":null}', null],
    ["missing", '{"runs":[]}', null],
    ["empty", '{"runs":[],"nextBatchId":""}', null],
    ["a string", '{"runs":[],"nextBatchId":"1565722907558"}', "1565722907558"],
    ["a number", '{"runs":[],"nextBatchId":1565722907558}', "1565722907558"],
  ])("nextBatchId %s", (_name, body, expected) => {
    expect(parsePage(buf(body)).nextBatchId).toBe(expected);
  });

  test.each([
    ["not JSON", '{"runs":[', /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["no runs", '{"nextBatchId":null}', /without a runs array/],
    ["runs not an array", '{"runs":{}}', /without a runs array/],
    ["a cursor object", '{"runs":[],"nextBatchId":{}}', /nextBatchId/],
  ])("%s is bad_data", (_name, body, message) => {
    try {
      parsePage(buf(body));
      throw new Error("expected bad_data");
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe("bad_data");
      expect((error as GatewayError).message).toMatch(message);
    }
  });
});

describe("looksLikeCompleteObject", () => {
  test.each([
    ['{"runs":[]}', true],
    [' \n{"runs":[]}\n', true],
    ['{"runs":[{"a":1', false],
    ["", false],
    ["{", false],
    ["<html></html>", false],
  ])("%j → %s", (text, expected) => {
    expect(looksLikeCompleteObject(buf(text))).toBe(expected);
  });
});

describe("peekNextBatchId", () => {
  test.each([
    ['{"runs":[],"nextBatchId":"123"}', "123"],
    ['{"runs":[],"nextBatchId" : 123}', "123"],
    ['{"runs":[],"nextBatchId":null}', null],
    ['{"runs":[],"nextBatchId":""}', null],
    ['{"runs":[]}', undefined],
    ['{"runs":[],"nextBatchId":"a\\"b"}', undefined],
  ])("%s → %j", (text, expected) => {
    expect(peekNextBatchId(buf(text))).toBe(expected);
  });
});
