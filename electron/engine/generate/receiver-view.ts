/**
 * What the receiving endpoint of one RTP stream knows when it writes an RTCP report block about it
 * (RFC 3550 §6.4.1 and A.3): packets received, highest extended sequence number, cumulative and
 * interval loss, interarrival jitter. Packets reach the endpoint `edgeDelayS` after the capture
 * point; they are queued here as they pass the capture point and counted once they have arrived.
 */

const RTCP_JITTER_GAIN = 16;
const FRACTION_SCALE = 256;
const MAX_CUMULATIVE_LOST = 0x7f_ffff;
const MIN_CUMULATIVE_LOST = -0x80_0000;

/** The content of one report block, before encoding. */
export interface ReportBlockValues {
  fractionLost: number;
  cumulativeLost: number;
  extendedHighestSeq: number;
  jitter: number;
}

export class ReceiverView {
  /** Packets past the capture point, not yet at the receiver: capture time (s), index, RTP timestamp offset. */
  readonly #times: number[] = [];
  readonly #indexes: number[] = [];
  #head = 0;
  #received = 0;
  #baseIndex = -1;
  #maxIndex = -1;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #transit = 0;
  #jitterUnits = 0;

  /**
   * `seq0`: sequence number of packet index 0; `stepUnits`: timestamp units per packet;
   * `clockRateHz`: RTP clock; `edgeDelayS`: capture point to receiver, seconds.
   */
  constructor(
    readonly seq0: number,
    readonly stepUnits: number,
    readonly clockRateHz: number,
    readonly edgeDelayS: number,
  ) {}

  /** A packet (by index) passed the capture point at `timeS` (scenario clock, non-decreasing). */
  onCapture(timeS: number, index: number): void {
    // A report is built at a receiver time no earlier than `timeS - edgeDelayS` (its RTCP passes the
    // capture point after this packet), so packets captured before `timeS - 2 * edgeDelayS` have
    // arrived by then: count them now and keep the queue short.
    this.arriveUntil(timeS - 2 * this.edgeDelayS);
    this.#times.push(timeS);
    this.#indexes.push(index);
  }

  /** Counts every queued packet that passed the capture point at `captureTimeS` or before. */
  arriveUntil(captureTimeS: number): void {
    const times = this.#times;
    while (this.#head < times.length && times[this.#head]! <= captureTimeS) {
      this.#arrive(times[this.#head]! + this.edgeDelayS, this.#indexes[this.#head]!);
      this.#head++;
    }
    if (this.#head > 64 && this.#head * 2 > times.length) {
      times.splice(0, this.#head);
      this.#indexes.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #arrive(arrivalS: number, index: number): void {
    if (this.#received++ === 0) this.#baseIndex = index;
    if (index > this.#maxIndex) this.#maxIndex = index;
    const transit = arrivalS * this.clockRateHz - index * this.stepUnits;
    if (this.#received > 1) {
      const d = Math.abs(transit - this.#transit);
      this.#jitterUnits += (d - this.#jitterUnits) / RTCP_JITTER_GAIN;
    }
    this.#transit = transit;
  }

  /** Packets received so far. */
  get received(): number {
    return this.#received;
  }

  /** The report block a receiver writes at `receiverTimeS`; null when it has received nothing. */
  report(receiverTimeS: number): ReportBlockValues | null {
    this.arriveUntil(receiverTimeS - this.edgeDelayS);
    if (this.#received === 0) return null;
    const expected = this.#maxIndex - this.#baseIndex + 1;
    const lost = expected - this.#received;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    const lostInterval = expectedInterval - receivedInterval;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    return {
      fractionLost:
        expectedInterval === 0 || lostInterval <= 0
          ? 0
          : Math.min(FRACTION_SCALE - 1, Math.floor((lostInterval * FRACTION_SCALE) / expectedInterval)),
      cumulativeLost: Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost)),
      extendedHighestSeq: (this.seq0 + this.#maxIndex) % 0x1_0000_0000,
      jitter: Math.floor(this.#jitterUnits),
    };
  }
}
