import type { DecodeStatus, LinkResult } from './decode-status.ts';

const VERSION_SHIFT = 4;

/**
 * Raw IP, no link header: LINKTYPE_RAW (101), LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229) and the
 * legacy DLT_RAW values 12 and 14. The version nibble of the first byte decides:
 *
 *   0 1 2 3 4 5 6 7
 *  +-+-+-+-+-+-+-+-+
 *  |Version|  ...  |   4 = IPv4 (RFC 791), 6 = IPv6 (RFC 8200)
 *  +-+-+-+-+-+-+-+-+
 */
export function decodeRawIp(data: Uint8Array, offset: number, length: number, out: LinkResult): DecodeStatus {
  if (length < 1) return 'ip-truncated';
  const version = data[offset]! >> VERSION_SHIFT;
  if (version !== 4 && version !== 6) return 'ip-bad-version';
  out.ipVersion = version;
  out.offset = offset;
  return 'ok';
}
