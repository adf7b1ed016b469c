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
