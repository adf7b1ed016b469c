/**
 * Text forms of IP addresses and endpoints. These allocate strings, so they are meant for the
 * moment a stream is created (or for SDP matching), never for every packet.
 */

const IPV4_LENGTH = 4;
const IPV6_GROUPS = 8;
/** An IPv4-mapped IPv6 address (RFC 4291 section 2.5.5.2) starts with these 12 bytes: ::ffff:0:0/96. */
const MAPPED_PREFIX_LENGTH = 12;
const MAPPED_MARKER = 0xff;

/**
 * `ipVersion` 4: dotted quad of bytes 0..3 ("192.0.2.1"). `ipVersion` 6: RFC 5952 canonical text
 * of bytes 0..15 (lower-case hex, no leading zeros, the longest run of two or more zero groups as
 * "::" (the first on ties), IPv4-mapped addresses as "::ffff:192.0.2.1"). Any other version: "".
 * Missing bytes read as 0.
 */
export function formatAddress(ipVersion: number, bytes: Uint8Array): string {
  if (ipVersion === 4) return formatIpv4(bytes, 0);
  if (ipVersion === 6) return formatIpv6(bytes);
  return '';
}

/** "10.0.0.1:5004" for IPv4, "[2001:db8::1]:5004" for IPv6 (RFC 5952 section 6). */
export function formatEndpoint(ipVersion: number, bytes: Uint8Array, port: number): string {
  const address = formatAddress(ipVersion, bytes);
  return ipVersion === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

function formatIpv4(bytes: Uint8Array, from: number): string {
  let text = '';
  for (let i = 0; i < IPV4_LENGTH; i++) {
    if (i > 0) text += '.';
    text += bytes[from + i] ?? 0;
  }
  return text;
}

function formatIpv6(bytes: Uint8Array): string {
  if (isIpv4Mapped(bytes)) return `::ffff:${formatIpv4(bytes, MAPPED_PREFIX_LENGTH)}`;
  const groups: number[] = [];
  for (let g = 0; g < IPV6_GROUPS; g++) groups.push(((bytes[2 * g] ?? 0) << 8) | (bytes[2 * g + 1] ?? 0));

  // Longest run of zero groups, at least two long; the first one wins a tie (RFC 5952 section 4.2).
  let bestStart = -1;
  let bestLength = 1;
  for (let g = 0; g < IPV6_GROUPS; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    const runStart = g;
    while (g < IPV6_GROUPS && groups[g] === 0) g++;
    if (g - runStart > bestLength) {
      bestStart = runStart;
      bestLength = g - runStart;
    }
  }

  let text = '';
  for (let g = 0; g < IPV6_GROUPS; g++) {
    if (g === bestStart) {
      text += '::';
      g += bestLength - 1;
      continue;
    }
    if (text.length > 0 && !text.endsWith(':')) text += ':';
    text += groups[g]!.toString(16);
  }
  return text;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < MAPPED_PREFIX_LENGTH - 2; i++) if ((bytes[i] ?? 0) !== 0) return false;
  return (
    bytes[MAPPED_PREFIX_LENGTH - 2] === MAPPED_MARKER && bytes[MAPPED_PREFIX_LENGTH - 1] === MAPPED_MARKER
  );
}

const IPV4_TEXT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

function parseIpv4(text: string, into: Uint8Array, at: number): boolean {
  const match = IPV4_TEXT.exec(text);
  if (!match) return false;
  for (let i = 0; i < IPV4_LENGTH; i++) {
    const value = Number(match[i + 1]);
    if (value > 255) return false;
    into[at + i] = value;
  }
  return true;
}

/**
 * Parses an address as written in SDP or a URI: dotted IPv4, or IPv6 text (`::` compression and an
 * embedded dotted IPv4 tail allowed; an optional zone `%eth0` is dropped). Null when it is neither.
 */
export function parseAddress(text: string): { ipVersion: 4 | 6; bytes: Uint8Array } | null {
  if (text.length > 64) return null;
  const v4 = new Uint8Array(IPV4_LENGTH);
  if (parseIpv4(text, v4, 0)) return { ipVersion: 4, bytes: v4 };
  const address = text.replace(/%.*$/, '');
  if (!address.includes(':')) return null;
  const bytes = new Uint8Array(16);
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parts = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = parts(halves[0]);
  const tail = parts(halves[1]);
  const groups: number[] = [];
  const tailGroups: number[] = [];
  const read = (list: string[], out: number[]): boolean => {
    for (let i = 0; i < list.length; i++) {
      const part = list[i]!;
      if (i === list.length - 1 && part.includes('.')) {
        const four = new Uint8Array(IPV4_LENGTH);
        if (!parseIpv4(part, four, 0)) return false;
        out.push((four[0]! << 8) | four[1]!, (four[2]! << 8) | four[3]!);
      } else if (HEX_GROUP.test(part)) out.push(Number.parseInt(part, 16));
      else return false;
    }
    return true;
  };
  if (!read(head, groups) || !read(tail, tailGroups)) return null;
  const total = groups.length + tailGroups.length;
  if (halves.length === 1 ? total !== IPV6_GROUPS : total > IPV6_GROUPS - 1) return null;
  const all = [...groups, ...new Array<number>(IPV6_GROUPS - total).fill(0), ...tailGroups];
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return { ipVersion: 6, bytes };
}

/** `address:port` in the form formatEndpoint writes, from an address given as text; null when invalid. */
export function endpointFromText(address: string, port: number): string | null {
  const parsed = parseAddress(address);
  return parsed === null ? null : formatEndpoint(parsed.ipVersion, parsed.bytes, port);
}
