import { describe, expect, test } from "vitest";
import { parseAddressList, PEER_HEADER } from "./client-address";
import { crossOriginProblem, publicOriginOf, type OriginSettings } from "./same-origin";

const local: OriginSettings = { publicOrigin: null, trustedProxies: parseAddressList("10.0.0.5") };
const published: OriginSettings = { publicOrigin: publicOriginOf("https://runledger.example.com/dash"), trustedProxies: parseAddressList("") };

const post = (headers: Record<string, string>, method = "POST") =>
  new Request("http://runledger.local:3000/api/sync", { method, headers: { host: "runledger.local:3000", ...headers } });

describe("same-origin writes", () => {
  test.each(["GET", "HEAD", "OPTIONS"])("rule 1: %s is never checked", (method) => {
    expect(crossOriginProblem(post({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, method), local)).toBeNull();
  });

  test.each([
    ["authorization", "Bearer a-script-token"],
    ["x-domino-api-key", "a-script-token"],
  ])("rule 2: an API token (%s) is not checked", (name, value) => {
    expect(crossOriginProblem(post({ [name]: value, "sec-fetch-site": "cross-site", origin: "https://evil.example" }), local)).toBeNull();
  });

  test.each([
    ["same-origin", null],
    ["none", null],
    ["same-site", /same site.*same-site/],
    ["cross-site", /another site.*cross-site/],
    ["bogus", /not same-origin/],
  ])("rule 3: Sec-Fetch-Site %s", (site, expected) => {
    const problem = crossOriginProblem(post({ "sec-fetch-site": site }), local);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  test("rule 3: Fetch Metadata decides even when Origin looks right", () => {
    expect(crossOriginProblem(post({ "sec-fetch-site": "cross-site", origin: "http://runledger.local:3000" }), local)).toMatch(/cross-site/);
  });

  test.each([
    ["the request's own host", "http://runledger.local:3000", null],
    ["another host", "https://evil.example", /Origin https:\/\/evil.example is not this dashboard's host \(runledger.local:3000\)/],
    ["a sibling subdomain", "http://reports.runledger.local:3000", /not this dashboard's host/],
    ["another port", "http://runledger.local:4000", /not this dashboard's host/],
    ["opaque", "null", /opaque/],
    ["not an origin", "::::", /not an origin/],
  ])("rule 4: without Fetch Metadata, Origin of %s", (_n, origin, expected) => {
    const problem = crossOriginProblem(post({ origin }), local);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  test("rule 4: RUNLEDGER_PUBLIC_URL is the origin, not the Host header", () => {
    expect(crossOriginProblem(post({ origin: "https://runledger.example.com" }), published)).toBeNull();
    expect(crossOriginProblem(post({ origin: "http://runledger.example.com" }), published)).toMatch(/RUNLEDGER_PUBLIC_URL/);
    expect(crossOriginProblem(post({ origin: "http://runledger.local:3000" }), published)).toMatch(/RUNLEDGER_PUBLIC_URL/);
  });

  test("rule 4: a forwarded host is believed from a trusted proxy only", () => {
    const viaProxy = { origin: "https://dash.example.com", "x-forwarded-host": "dash.example.com" };
    expect(crossOriginProblem(post({ ...viaProxy, [PEER_HEADER]: "10.0.0.5" }), local)).toBeNull();
    expect(crossOriginProblem(post({ ...viaProxy, [PEER_HEADER]: "10.0.0.6" }), local)).toMatch(/not this dashboard's host/);
    // An attacker's own X-Forwarded-Host cannot make their origin look like ours.
    expect(crossOriginProblem(post({ origin: "https://evil.example", "x-forwarded-host": "evil.example" }), local)).toMatch(/evil/);
  });

  test("rule 5: no Fetch Metadata and no Origin (not a browser) goes on", () => {
    expect(crossOriginProblem(post({}), local)).toBeNull();
    expect(crossOriginProblem(post({}, "DELETE"), published)).toBeNull();
  });
});
