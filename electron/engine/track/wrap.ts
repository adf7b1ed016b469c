/**
 * Wrap-around arithmetic for RTP's 16-bit sequence numbers and 32-bit timestamps (RFC 3550 A.1).
 * Kept in one place so every caller agrees on what "after" means.
 */

const SEQ_MOD = 0x1_0000;
const SEQ_HALF = 0x8000;
const TS_MOD = 0x1_0000_0000;
const TS_HALF = 0x8000_0000;

/** Signed distance from sequence number `from` to `to`, in -32768..32767 (to is "after" from when > 0). */
export function seqDelta(from: number, to: number): number {
  const d = (to - from + SEQ_MOD) % SEQ_MOD;
  return d >= SEQ_HALF ? d - SEQ_MOD : d;
}

/** Extends a 16-bit sequence number to the unwrapped value nearest to `reference` (an extended number). */
export function extendSeq(reference: number, seq: number): number {
  return reference + seqDelta(reference % SEQ_MOD, seq);
}

/** Unsigned distance (timestamp units) from RTP timestamp `from` forward to `to`, in 0..2^32-1. */
export function timestampForward(from: number, to: number): number {
  return (to - from) >>> 0;
}

/** Signed difference `to - from` of two RTP timestamps read as a 32-bit two's complement value. */
export function timestampDelta(from: number, to: number): number {
  return (to - from) | 0;
}

/**
 * Whether RTP timestamp `to` lies at most half the 32-bit range after `from` (Wireshark 4.0's
 * "in time sequence" test against a stream's first timestamp, including its off-by-one on wrap).
 */
export function isWithinHalfRangeAfter(from: number, to: number): boolean {
  if (to >= from) return to - from < TS_HALF;
  return to - from + TS_MOD - 1 < TS_HALF;
}
