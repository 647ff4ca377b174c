import { isIP } from "node:net";

/**
 * Who is on the other end of a request. Next.js does not hand the socket's address to
 * the proxy or to route handlers (its x-forwarded-for is kept when a client sends one),
 * so the server start-up (startup.ts) stamps every request with PEER_HEADER, the socket's
 * own address, overwriting whatever a client sent under that name.
 */

export const PEER_HEADER = "x-runledger-peer";

export type AddressMatcher = (address: string) => boolean;

/** "::ffff:10.0.0.1" and "10.0.0.1" are the same IPv4 peer. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

function ipv4ToInt(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/** A comma list of addresses and IPv4 CIDR ranges (10.0.0.0/8); throws naming a bad entry. */
export function parseAddressList(list: string): AddressMatcher {
  const exact = new Set<string>();
  const ranges: { base: number; mask: number }[] = [];
  for (const raw of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = raw.split("/");
    const normal = normaliseAddress(address ?? "");
    if (bits === undefined) {
      if (!isIP(normal)) throw new Error(`"${raw}" is not an IP address`);
      exact.add(normal);
      continue;
    }
    const prefix = Number(bits);
    if (isIP(normal) !== 4 || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
      throw new Error(`"${raw}" is not an IPv4 range such as 10.0.0.0/8`);
    }
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    ranges.push({ base: (ipv4ToInt(normal) & mask) >>> 0, mask });
  }
  return (address) => {
    const normal = normaliseAddress(address);
    if (exact.has(normal)) return true;
    if (isIP(normal) !== 4) return false;
    const n = ipv4ToInt(normal);
    return ranges.some((r) => ((n & r.mask) >>> 0) === r.base);
  };
}

/** The socket peer stamped by the server, or null when the stamp is missing. */
export function peerAddress(headers: Headers): string | null {
  const peer = headers.get(PEER_HEADER);
  return peer ? normaliseAddress(peer) : null;
}

/**
 * The client to slow down on failed sign-ins: the socket peer, or, when the peer is a
 * trusted proxy, the nearest X-Forwarded-For entry that is not itself a trusted proxy.
 */
export function clientAddress(headers: Headers, trusted: AddressMatcher): string {
  const peer = peerAddress(headers);
  if (peer === null) return "unknown";
  if (!trusted(peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => normaliseAddress(s)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i]!)) return hops[i]!;
  return peer;
}
