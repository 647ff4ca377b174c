import { describe, expect, test } from "vitest";
import { clientAddress, parseAddressList, PEER_HEADER } from "./client-address";

describe("proxy addresses", () => {
  const trusted = parseAddressList("10.0.0.5, 192.168.0.0/16, ::1");

  test.each([
    ["10.0.0.5", true],
    ["::ffff:10.0.0.5", true],
    ["10.0.0.6", false],
    ["192.168.44.1", true],
    ["192.169.0.1", false],
    ["::1", true],
    ["", false],
  ])("%s trusted: %s", (address, expected) => {
    expect(trusted(address)).toBe(expected);
  });

  test("bad entries name themselves", () => {
    expect(() => parseAddressList("10.0.0.300")).toThrow(/10\.0\.0\.300/);
    expect(() => parseAddressList("10.0.0.0/40")).toThrow(/range/);
  });

  test("the client is the peer, or behind a trusted proxy the nearest untrusted hop", () => {
    const h = (peer: string | null, xff?: string) =>
      new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });
    expect(clientAddress(h("203.0.113.9", "1.2.3.4"), trusted)).toBe("203.0.113.9");
    expect(clientAddress(h("10.0.0.5", "1.2.3.4, 198.51.100.7"), trusted)).toBe("198.51.100.7");
    expect(clientAddress(h("10.0.0.5", "1.2.3.4, 192.168.1.1"), trusted)).toBe("1.2.3.4");
    expect(clientAddress(h(null, "1.2.3.4"), trusted)).toBe("unknown");
  });
});
