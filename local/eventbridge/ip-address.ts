import { InvalidEventPatternError } from './errors';

/** An inclusive range of IP addresses of one family (4 or 16 bytes), as event-ruler compares them. */
export interface IpRange {
  readonly low: Uint8Array;
  readonly high: Uint8Array;
}

// event-ruler only treats strings of these shapes as IP literals (anything else is plain text).
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

function parseIpv4(ip: string): Uint8Array | undefined {
  const parts = ip.split('.');
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const n = Number(parts[i]);
    if (!Number.isInteger(n) || n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseIpv6(ip: string): Uint8Array | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0] as string);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  // Java's InetAddress turns IPv4-mapped IPv6 literals into plain IPv4 addresses.
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12);
  }
  return bytes;
}

/** The address bytes of an IPv4/IPv6 literal, or undefined when the text is not one. */
export function ipToBytes(text: string): Uint8Array | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

/** The range an exact-match IP literal stands for (the address itself), or undefined for other strings. */
export function ipLiteralRange(text: string): IpRange | undefined {
  const bytes = ipToBytes(text);
  return bytes === undefined ? undefined : { low: bytes, high: bytes };
}

/** Parses a `cidr` operand with event-ruler's checks and messages. */
export function parseCidr(cidr: string, path: string): IpRange {
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, { path });
  };
  // Java's String.split drops trailing empty strings: "10.0.0.0/" has no mask part.
  const slashed = cidr.split('/');
  while (slashed.length > 0 && slashed[slashed.length - 1] === '') slashed.pop();
  if (slashed.length !== 2) fail("Malformed CIDR, one '/' required");
  const [address, mask] = slashed as [string, string];
  if (!/^[+-]?\d+$/.test(mask) || Math.abs(Number(mask)) > 2147483647) fail('Malformed CIDR, mask bits must be an integer');
  const maskBits = Number(mask);
  if (maskBits < 0) fail('Malformed CIDR, mask bits must not be negative');
  const shapeOk = IPV4_SHAPE.test(address) || IPV6_SHAPE.test(address);
  const bytes = shapeOk ? ipToBytes(address) : undefined;
  if (shapeOk && bytes === undefined) fail(`Invalid IP address: ${address}`);
  if (bytes === undefined) return fail(`Nonstandard IP address: ${address}`);
  if (bytes.length === 4 && maskBits > 31) fail('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && maskBits > 127) fail('IPv6 mask bits must be < 128');
  const high = new Uint8Array(bytes.length);
  let hostBits = bytes.length * 8 - maskBits;
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i] as number;
    if (hostBits >= 8) high[i] = 0xff;
    else if (hostBits <= 0) high[i] = b;
    else high[i] = b | ((1 << hostBits) - 1);
    hostBits -= 8;
  }
  // event-ruler keeps the base address as written (host bits included) as the range's bottom.
  return { low: bytes, high };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when the string is an IP literal of the range's family inside the range. */
export function ipInRange(range: IpRange, text: string): boolean {
  const bytes = ipToBytes(text);
  if (bytes === undefined || bytes.length !== range.low.length) return false;
  return compareBytes(bytes, range.low) >= 0 && compareBytes(bytes, range.high) <= 0;
}
