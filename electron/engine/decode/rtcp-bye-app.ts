/** RTCP goodbye (BYE, RFC 3550 §6.6) and application-defined (APP, RFC 3550 §6.7) packets. */
import { decodeRtcpText } from './rtcp-sdes.ts';
import type { RtcpApp, RtcpBye } from './rtcp-types.ts';

const HEADER_SIZE = 4;
const SSRC_SIZE = 4;
const REASON_LENGTH_SIZE = 1;

const APP_SSRC_OFFSET = 4;
const APP_NAME_OFFSET = 8;
const APP_NAME_SIZE = 4;
/** Header (4) + SSRC (4) + name (4). */
const APP_FIXED_SIZE = 12;
const PRINTABLE_MIN = 0x20;
const PRINTABLE_MAX = 0x7e;
const NON_PRINTABLE_REPLACEMENT = '?';

/**
 * Decodes a BYE whose header is at `start` and whose content (padding removed) ends at `end`:
 * `sc` SSRC/CSRC identifiers, then an optional length-prefixed UTF-8 reason.
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeBye(
  view: DataView,
  start: number,
  end: number,
  sc: number,
): RtcpBye | 'rtcp-truncated-block' {
  let pos = start + HEADER_SIZE;
  if (end - pos < sc * SSRC_SIZE) return 'rtcp-truncated-block';
  const ssrcs: number[] = [];
  for (let i = 0; i < sc; i++, pos += SSRC_SIZE) ssrcs.push(view.getUint32(pos));
  let reason: string | null = null;
  if (pos < end) {
    const length = view.getUint8(pos);
    if (end - pos - REASON_LENGTH_SIZE < length) return 'rtcp-truncated-block';
    reason = decodeRtcpText(view, pos + REASON_LENGTH_SIZE, length);
  }
  return { type: 'bye', ssrcs, reason };
}

/**
 * Decodes an APP packet whose header is at `start` and whose content (padding removed) ends at
 * `end`. The application-dependent data is only measured, not kept.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          name (ASCII)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   application-dependent data                ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export function decodeApp(
  view: DataView,
  start: number,
  end: number,
  subtype: number,
): RtcpApp | 'rtcp-truncated-block' {
  if (end - start < APP_FIXED_SIZE) return 'rtcp-truncated-block';
  let name = '';
  for (let i = 0; i < APP_NAME_SIZE; i++) {
    const c = view.getUint8(start + APP_NAME_OFFSET + i);
    name += c >= PRINTABLE_MIN && c <= PRINTABLE_MAX ? String.fromCharCode(c) : NON_PRINTABLE_REPLACEMENT;
  }
  return {
    type: 'app',
    ssrc: view.getUint32(start + APP_SSRC_OFFSET),
    subtype,
    name,
    dataLength: end - start - APP_FIXED_SIZE,
  };
}
