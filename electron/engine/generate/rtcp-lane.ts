/**
 * One endpoint's RTCP: a compound of a Sender Report (with one report block about the stream the
 * endpoint receives, once it has received some) and an SDES CNAME, every `rtcpIntervalS` × a
 * random 0.5-1.5 (RFC 3550 §6.3.1), from the RTP port + 1 to the peer's RTP port + 1, while the
 * endpoint sends media. RTCP is not impaired: it takes `edgeDelayS` to the capture point and as
 * long again to the peer.
 *
 * LSR is the middle 32 bits of the NTP timestamp of the latest SR that reached this endpoint from
 * the peer, DLSR the time since it arrived in 1/65536 s; NTP timestamps come from the scenario clock
 * (start time + scenario time). A capture anywhere on the path then measures, by the capture-time
 * method, the round trip between itself and the endpoint that sent the report block.
 */

import type { Prng } from './prng.ts';
import type { ReceiverView } from './receiver-view.ts';
import type { RtpLane } from './rtp-lane.ts';
import type { Lane, WireItem } from './wire.ts';

/** Seconds between 1900-01-01 (NTP era 0) and 1970-01-01. */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const UINT32 = 0x1_0000_0000;
const UNITS_PER_S = 65_536;
const SR_HEADER_BYTES = 28;
const REPORT_BLOCK_BYTES = 24;
const RTCP_SR = 200;
const RTCP_SDES = 202;
const SDES_CNAME = 1;
const MIN_INTERVAL_FACTOR = 0.5;
const INTERVAL_FACTOR_RANGE = 1;

/** An SR on its way to the peer: when it arrives there (scenario s) and its NTP middle 32 bits. */
interface SrInFlight {
  arrivalS: number;
  middle32: number;
}

/** NTP seconds and fraction of scenario time `timeS`. */
export function ntpTimestamp(startTimeSec: number, timeS: number): { seconds: number; fraction: number } {
  const whole = Math.floor(startTimeSec);
  const offset = startTimeSec - whole + timeS;
  const carry = Math.floor(offset);
  const fraction = Math.min(UINT32 - 1, Math.floor((offset - carry) * UINT32));
  return { seconds: (whole + carry + NTP_UNIX_OFFSET_S) % UINT32, fraction };
}

export class RtcpLane implements Lane {
  time = 0;
  /** The peer's lane (its inbox receives this side's SRs). */
  peer: RtcpLane | null = null;
  readonly #inbox: SrInFlight[] = [];
  #inboxHead = 0;
  #lastSr: SrInFlight | null = null;
  #sendS: number;
  #countedPackets = 0;
  #countedOctets = 0;

  /**
   * `own`: the stream this endpoint sends; `incoming`: what it knows of the stream it receives, and
   * that stream's SSRC; `src`/`dst`: RTCP endpoints; `cname`: the SDES CNAME.
   */
  constructor(
    readonly id: number,
    readonly own: RtpLane,
    readonly incoming: ReceiverView,
    readonly incomingSsrc: number,
    readonly src: [string, number],
    readonly dst: [string, number],
    readonly cname: string,
    readonly rng: Prng,
    readonly intervalS: number,
    readonly edgeDelayS: number,
    readonly startTimeSec: number,
  ) {
    this.#sendS = own.plan.startS + this.#interval();
  }

  #interval(): number {
    return this.intervalS * (MIN_INTERVAL_FACTOR + INTERVAL_FACTOR_RANGE * this.rng.next());
  }

  refresh(): void {
    this.time = this.#sendS <= this.own.endS ? this.#sendS + this.edgeDelayS : Infinity;
  }

  /** Takes an SR the peer sent (it arrives here at `arrivalS`). */
  deliver(sr: SrInFlight): void {
    this.#inbox.push(sr);
  }

  take(): WireItem {
    const sendS = this.#sendS;
    this.#sendS += this.#interval();
    // The latest peer SR that has arrived by now.
    const inbox = this.#inbox;
    while (this.#inboxHead < inbox.length && inbox[this.#inboxHead]!.arrivalS <= sendS) {
      this.#lastSr = inbox[this.#inboxHead++]!;
    }
    if (this.#inboxHead > 16) {
      inbox.splice(0, this.#inboxHead);
      this.#inboxHead = 0;
    }
    const block = this.incoming.report(sendS);
    const own = this.own;
    const packets = own.sentBy(sendS);
    while (this.#countedPackets < packets) this.#countedOctets += own.payloadBytes(this.#countedPackets++);
    const ntp = ntpTimestamp(this.startTimeSec, sendS);
    const rtpTimestamp =
      (own.plan.ts0 + Math.round((sendS - own.plan.startS) * own.plan.codec.clockRateHz)) % UINT32;

    const cname = new TextEncoder().encode(this.cname);
    const srBytes = SR_HEADER_BYTES + (block === null ? 0 : REPORT_BLOCK_BYTES);
    // SDES: header, SSRC, CNAME item (type, length, text), then 1-4 zero bytes ending the chunk on a word.
    const chunkBytes = 4 + 2 + cname.length;
    const sdesBytes = 4 + chunkBytes + (4 - (chunkBytes % 4));
    const payload = new Uint8Array(srBytes + sdesBytes);
    const view = new DataView(payload.buffer);
    view.setUint8(0, 0x80 | (block === null ? 0 : 1)); // V=2, P=0, RC
    view.setUint8(1, RTCP_SR);
    view.setUint16(2, srBytes / 4 - 1);
    view.setUint32(4, own.plan.ssrc);
    view.setUint32(8, ntp.seconds);
    view.setUint32(12, ntp.fraction);
    view.setUint32(16, rtpTimestamp);
    view.setUint32(20, packets % UINT32); // sender's packet count
    view.setUint32(24, this.#countedOctets % UINT32); // sender's octet count (payload bytes)
    if (block !== null) {
      const lastSr = this.#lastSr;
      view.setUint32(28, this.incomingSsrc);
      view.setUint8(32, block.fractionLost);
      view.setUint8(33, (block.cumulativeLost >> 16) & 0xff); // 24-bit signed cumulative lost
      view.setUint16(34, block.cumulativeLost & 0xffff);
      view.setUint32(36, block.extendedHighestSeq);
      view.setUint32(40, block.jitter % UINT32);
      view.setUint32(44, lastSr === null ? 0 : lastSr.middle32);
      view.setUint32(48, lastSr === null ? 0 : Math.round((sendS - lastSr.arrivalS) * UNITS_PER_S) % UINT32);
    }
    const sdes = srBytes;
    view.setUint8(sdes, 0x81); // V=2, SC=1
    view.setUint8(sdes + 1, RTCP_SDES);
    view.setUint16(sdes + 2, sdesBytes / 4 - 1);
    view.setUint32(sdes + 4, own.plan.ssrc);
    view.setUint8(sdes + 8, SDES_CNAME);
    view.setUint8(sdes + 9, cname.length);
    payload.set(cname, sdes + 10);

    const middle32 = (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
    this.peer?.deliver({ arrivalS: sendS + 2 * this.edgeDelayS, middle32 });
    return {
      timeSec: this.startTimeSec + sendS + this.edgeDelayS,
      offsetSec: sendS + this.edgeDelayS,
      src: this.src,
      dst: this.dst,
      payload,
      kind: 'rtcp',
    };
  }
}
