/**
 * Wireshark's "expected" packet count for one stream, fed with the packets in delivery order: the
 * same arithmetic as the engine's RtpStreamStats (ui/tap-rtp-analysis.c): last minus first sequence
 * number plus one, plus 65536 per wrap cycle, where a cycle starts when a packet "in time sequence"
 * (RTP timestamp within 2^31 after the first packet's) has a number below the first one.
 */

import { isWithinHalfRangeAfter } from '../track/wrap.ts';

const SEQ_CYCLE = 0x1_0000;
const SEQ_MAX = 0xffff;

export class ExpectedCount {
  #packets = 0;
  #startSeq = 0;
  #stopSeq = 0;
  #cycles = 0;
  #underStart = false;
  #firstTimestamp = 0;

  /** Takes the next delivered packet's 16-bit sequence number and 32-bit RTP timestamp. */
  add(seq: number, timestamp: number): void {
    if (this.#packets++ === 0) {
      this.#startSeq = seq;
      this.#stopSeq = seq;
      this.#firstTimestamp = timestamp;
      return;
    }
    if (isWithinHalfRangeAfter(this.#firstTimestamp, timestamp)) {
      if (seq < this.#startSeq && !this.#underStart) {
        this.#cycles++;
        this.#underStart = true;
      } else if (seq === 0 && this.#stopSeq === SEQ_MAX && !this.#underStart) {
        this.#cycles++;
        this.#underStart = true;
      } else if (seq > this.#startSeq && this.#underStart) {
        this.#underStart = false;
      }
    }
    this.#stopSeq = seq;
  }

  /** Packets expected so far (0 before the first). */
  get expected(): number {
    if (this.#packets === 0) return 0;
    return this.#stopSeq + this.#cycles * SEQ_CYCLE - this.#startSeq + 1;
  }
}
