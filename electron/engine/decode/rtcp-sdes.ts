/** RTCP source description (SDES, RFC 3550 §6.5) and the UTF-8 text shared with BYE. */
import type { RtcpSdes, SdesItem } from './rtcp-types.ts';

const HEADER_SIZE = 4;
const SSRC_SIZE = 4;
/** Item type (1 byte) + length (1 byte). */
const ITEM_HEADER_SIZE = 2;
const ITEM_LENGTH_OFFSET = 1;
const WORD_SIZE = 4;
/** Longest text decoded (the 8-bit length field cannot exceed it anyway). */
export const MAX_TEXT_BYTES = 255;

/** SDES item types (RFC 3550 §6.5). */
export const SdesType = {
  END: 0,
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;

/** Lenient decoder: invalid UTF-8 becomes U+FFFD instead of throwing. */
const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes `length` bytes at `pos` (at most {@link MAX_TEXT_BYTES}) as UTF-8. The caller has
 * checked that they are inside the view. Control characters are kept as they are.
 */
export function decodeRtcpText(view: DataView, pos: number, length: number): string {
  const n = Math.min(length, MAX_TEXT_BYTES);
  // slice() copies, so a view over a SharedArrayBuffer is fine too.
  return utf8.decode(new Uint8Array(view.buffer, view.byteOffset + pos, n).slice());
}

/**
 * Decodes an SDES packet whose header is at `start` and whose content (padding removed) ends at
 * `end`. Each of the `sc` chunks is an SSRC/CSRC followed by items (type, length, text), ended by
 * a null octet (type 0) and zero padding to the next 32-bit boundary.
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |    type=1     |    length     | user and domain name        ...
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |   ...  more items ...         |  type=0 (end) | pad to 32 bits
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_2                          |
 *   2    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        :                              ...                              :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 */
export function decodeSdes(
  view: DataView,
  start: number,
  end: number,
  sc: number,
): RtcpSdes | 'rtcp-truncated-block' {
  const chunks: RtcpSdes['chunks'] = [];
  let pos = start + HEADER_SIZE;
  for (let c = 0; c < sc; c++) {
    if (end - pos < SSRC_SIZE) return 'rtcp-truncated-block';
    const ssrc = view.getUint32(pos);
    pos += SSRC_SIZE;
    const items: SdesItem[] = [];
    // Each step consumes at least one byte, so this ends within `end - pos` iterations.
    for (;;) {
      if (pos >= end) return 'rtcp-truncated-block';
      const type = view.getUint8(pos);
      if (type === SdesType.END) {
        pos += 1;
        break;
      }
      if (end - pos < ITEM_HEADER_SIZE) return 'rtcp-truncated-block';
      const length = view.getUint8(pos + ITEM_LENGTH_OFFSET);
      if (end - pos - ITEM_HEADER_SIZE < length) return 'rtcp-truncated-block';
      items.push({ type, text: decodeRtcpText(view, pos + ITEM_HEADER_SIZE, length) });
      pos += ITEM_HEADER_SIZE + length;
    }
    // Skip the null padding up to the next 32-bit boundary (relative to the packet start).
    const misalign = (pos - start) % WORD_SIZE;
    if (misalign !== 0) pos += WORD_SIZE - misalign;
    chunks.push({ ssrc, items });
  }
  return { type: 'sdes', chunks };
}
