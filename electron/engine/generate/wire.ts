/** What the generator's packet source hands out, and the producers ("lanes") it merges. */

/** Which protocol a generated datagram carries. */
export type WireKind = 'rtp' | 'rtcp' | 'sip';

/** One UDP datagram at the capture point (file mode) or due for sending (live mode). */
export interface WireItem {
  /** Absolute time, seconds since the Unix epoch (fractional). */
  timeSec: number;
  /** Seconds since the scenario's start (the same instant as `timeSec`, without its rounding). */
  offsetSec: number;
  /** Sender address and UDP port (the array is shared between items: don't modify it). */
  src: [string, number];
  /** Receiver address and UDP port (shared like `src`). */
  dst: [string, number];
  /** The UDP payload (a fresh array per item). */
  payload: Uint8Array;
  kind: WireKind;
}

/** A time-ordered producer of datagrams: one RTP stream, one side's RTCP, one call's SIP. */
export interface Lane {
  /** Creation order, the tie-break between lanes at equal times (keeps the output deterministic). */
  readonly id: number;
  /** Scenario time (s since start) of the next datagram, Infinity when the lane is done; valid after `refresh()`. */
  time: number;
  /** Recomputes `time` (may produce datagrams ahead into an internal buffer). */
  refresh(): void;
  /** Hands out the datagram due at `time` (call `refresh()` afterwards). */
  take(): WireItem;
}
