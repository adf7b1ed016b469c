/**
 * Round-trip times from RTCP, by the capture-time method (Wireshark's calculate_roundtrip_delay,
 * emodel.md §4.2 method 1): the capture time of each Sender Report is remembered under its sender
 * SSRC and the middle 32 bits of its NTP timestamp; when a report block echoes that value as its LSR,
 *
 *     RTT = t_capture(report) − t_capture(SR) − DLSR
 *
 * which is the round trip between the capture point and the endpoint that answered. The clocks of
 * the endpoints never enter it. The arithmetic is RFC 3550's: 32-bit modular, in 1/65536 s units.
 */

/** 1/65536-second units per millisecond (the unit of LSR, DLSR and the NTP middle 32 bits). */
const UNITS_PER_MS = 65.536;
const UINT32 = 0x1_0000_0000;
/** Samples further below zero than this are rejected (a little below zero is rounding near the receiver). */
const MIN_RTT_MS = -5;
/** Samples above this are rejected as absurd (rtpengine uses the same bound). */
const MAX_RTT_MS = 10_000;
/** Sender reports remembered at most (oldest forgotten first). */
const MAX_REMEMBERED_SR = 10_000;

/**
 * RFC 3550 §6.4.1: `(A − LSR − DLSR) mod 2^32`, all in 1/65536 s (middle 32 bits of NTP). Returns
 * the unsigned result; a "negative" round trip comes back ≥ 2^31.
 */
export function roundTripUnits(arrival: number, lsr: number, dlsr: number): number {
  return (((arrival - lsr - dlsr) % UINT32) + UINT32) % UINT32;
}

/** A capture time (ms on the capture clock) in the 32-bit 1/65536 s format of LSR and DLSR. */
export function captureUnits(timeMs: number): number {
  return ((Math.round(timeMs * UNITS_PER_MS) % UINT32) + UINT32) % UINT32;
}

/** Remembers Sender Reports and turns the report blocks that echo them into round-trip samples. */
export class RoundTripMatcher {
  /** Capture time (ms) of each SR by `conversation|ssrc|ntpMiddle32` and by `ssrc|ntpMiddle32`. */
  readonly #seen = new Map<string, number>();

  /**
   * Records an SR seen at `timeMs`. `conversation` names the UDP endpoint pair (the same for both
   * directions); an SR is matched first within its conversation, then anywhere (a proxy relaying
   * the same SR on another leg).
   */
  onSenderReport(conversation: string, ssrc: number, ntpMiddle32: number, timeMs: number): void {
    this.#remember(`${conversation}|${ssrc}|${ntpMiddle32}`, timeMs);
    this.#remember(`${ssrc}|${ntpMiddle32}`, timeMs);
  }

  /**
   * The round trip (ms) that a report block seen at `timeMs` measures, or null when its LSR is 0,
   * echoes no SR seen, or gives an absurd value. Values just below zero are reported as 0.
   */
  onReportBlock(
    conversation: string,
    block: { ssrc: number; lsr: number; dlsr: number },
    timeMs: number,
  ): number | null {
    if (block.lsr === 0) return null;
    const srTimeMs =
      this.#seen.get(`${conversation}|${block.ssrc}|${block.lsr}`) ??
      this.#seen.get(`${block.ssrc}|${block.lsr}`);
    if (srTimeMs === undefined) return null;
    const units = roundTripUnits(captureUnits(timeMs), captureUnits(srTimeMs), block.dlsr);
    const signed = units >= UINT32 / 2 ? units - UINT32 : units;
    const rttMs = signed / UNITS_PER_MS;
    if (rttMs < MIN_RTT_MS || rttMs > MAX_RTT_MS) return null;
    return Math.max(0, rttMs);
  }

  #remember(key: string, timeMs: number): void {
    this.#seen.delete(key);
    this.#seen.set(key, timeMs);
    if (this.#seen.size > MAX_REMEMBERED_SR) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}

/** One stream's round-trip samples: count, mean and the latest (held between reports). */
export class RoundTripStats {
  /** Samples taken. */
  samples = 0;
  /** Sum of all samples, ms. */
  sumMs = 0;
  /** The latest sample, ms; null before the first. */
  lastMs: number | null = null;

  add(rttMs: number): void {
    this.samples++;
    this.sumMs += rttMs;
    this.lastMs = rttMs;
  }

  /** Mean of the samples, ms; null without samples. */
  get meanMs(): number | null {
    return this.samples === 0 ? null : this.sumMs / this.samples;
  }
}
