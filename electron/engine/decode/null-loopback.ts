import type { DecodeStatus, LinkResult } from './decode-status.ts';

/** Address-family values that mean IPv4 / IPv6 in a BSD loopback header. */
export const LoopbackFamily = {
  /** AF_INET on every BSD, Linux, macOS and Windows. */
  INET: 2,
  /** AF_INET6 on NetBSD, OpenBSD, BSD/OS. */
  INET6_BSD: 24,
  /** AF_INET6 on FreeBSD and DragonFly BSD. */
  INET6_FREEBSD: 28,
  /** AF_INET6 on macOS (Darwin). */
  INET6_DARWIN: 30,
} as const;

const LOOPBACK_HEADER_LENGTH = 4;
const LITTLE_ENDIAN = true;

/**
 * DLT_NULL, LINKTYPE_NULL (tcpdump.org/linktypes/LINKTYPE_NULL.html):
 *
 *  +---------------------------------------------------------------+
 *  |      Address family (32 bits, HOST byte order of the writer)  |
 *  +---------------------------------------------------------------+
 *  |      IPv4 or IPv6 packet ...                                  |
 *
 * The writer's byte order is unknown, so both readings are tried: the family values are small, so
 * the byte-swapped reading of a real value never collides with a known family.
 */
export function decodeNullLoopback(
  view: DataView,
  offset: number,
  length: number,
  out: LinkResult,
): DecodeStatus {
  if (length < LOOPBACK_HEADER_LENGTH) return 'link-truncated';
  let version = familyToIpVersion(view.getUint32(offset, LITTLE_ENDIAN));
  if (version === 0) version = familyToIpVersion(view.getUint32(offset));
  return finish(version, offset, out);
}

/**
 * LINKTYPE_LOOP (OpenBSD loopback): the same 4-byte address family as DLT_NULL, but always in
 * network (big-endian) byte order.
 */
export function decodeLoop(view: DataView, offset: number, length: number, out: LinkResult): DecodeStatus {
  if (length < LOOPBACK_HEADER_LENGTH) return 'link-truncated';
  return finish(familyToIpVersion(view.getUint32(offset)), offset, out);
}

function finish(version: number, offset: number, out: LinkResult): DecodeStatus {
  if (version === 0) return 'not-ip';
  out.ipVersion = version;
  out.offset = offset + LOOPBACK_HEADER_LENGTH;
  return 'ok';
}

/** 4, 6, or 0 when the family is neither IPv4 nor IPv6. */
function familyToIpVersion(family: number): number {
  if (family === LoopbackFamily.INET) return 4;
  if (
    family === LoopbackFamily.INET6_BSD ||
    family === LoopbackFamily.INET6_FREEBSD ||
    family === LoopbackFamily.INET6_DARWIN
  ) {
    return 6;
  }
  return 0;
}
