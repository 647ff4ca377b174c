import { describe, expect, test } from "vitest";
import { GatewayError } from "@/lib/gateway/errors";
import { framePage } from "./page-frame";

const runs = [{ runId: "a", title: 'says "nextBatchId": 5 }' }, { runId: "b" }];

describe("framePage", () => {
  test.each([
    ["a digit string", `{"runs":${JSON.stringify(runs)},"nextBatchId":"1565722907558"}`, "1565722907558"],
    ["a number", `{"runs":${JSON.stringify(runs)},"nextBatchId":1565722907558}`, "1565722907558"],
    ["null", `{"runs":${JSON.stringify(runs)},"nextBatchId":null}`, null],
    ["an empty string", `{"runs":${JSON.stringify(runs)},"nextBatchId":""}`, null],
    ["spaced out", `\n{ "runs" : ${JSON.stringify(runs, null, 2)} ,\n "nextBatchId" : "9" }\n`, "9"],
  ])("frames the common layout from its ends, cursor as %s", (_name, body, next) => {
    const page = framePage(Buffer.from(body));
    expect(page.framed).toBe(true);
    expect(page.nextBatchId).toBe(next);
    expect(page.empty).toBe(false);
    expect(JSON.parse(page.runs.toString())).toEqual(runs);
  });

  test("other layouts go through the full parser and come out as the same runs array", () => {
    for (const body of [
      `{"nextBatchId":"7","runs":${JSON.stringify(runs)}}`,
      `{"runs":${JSON.stringify(runs)},"total":2,"nextBatchId":"7"}`,
      `{"runs":${JSON.stringify(runs)}}`,
    ]) {
      const page = framePage(Buffer.from(body));
      expect(page.framed).toBe(false);
      expect(JSON.parse(page.runs.toString())).toEqual(runs);
    }
    expect(framePage(Buffer.from(`{"runs":${JSON.stringify(runs)}}`)).nextBatchId).toBeNull();
  });

  test("an empty page", () => {
    expect(framePage(Buffer.from('{"runs": [ ], "nextBatchId": null}'))).toMatchObject({ empty: true, nextBatchId: null, framed: true });
    expect(framePage(Buffer.from('{"nextBatchId": null, "runs": []}'))).toMatchObject({ empty: true, framed: false });
  });

  test("a body that is not a page is the gateway's bad_data error", () => {
    for (const body of ['{"runs": [{"runId": "a"}', "<html>502</html>", '{"items": []}']) {
      expect(() => framePage(Buffer.from(body))).toThrow(GatewayError);
    }
  });
});
