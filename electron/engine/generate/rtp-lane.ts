/**
 * One RTP stream and the network between its sender and the capture point. Packets are produced
 * lazily in sending order; the network decides each one's fate (Gilbert loss, hold-back for
 * reordering, uniform extra delay, duplication) and the deliveries wait in a small heap until no
 * later packet can arrive before them, so memory stays bounded by the packets in flight.
 *
 * The ground truth is counted as packets pass the capture point, i.e. from what a capture there
 * shows. The first CLEAN_START_PACKETS packets are never impaired: an analyser that confirms a
 * stream found by heuristics after a few packets in sequence (probation), and Wireshark's
 * arithmetic that takes the first packet as the start, both see a clean start.
 */

import { formatSsrc } from '../report/time-format.ts';
import type { CodecProfile } from './codec-profiles.ts';
import { timestampStep } from './codec-profiles.ts';
import { ExpectedCount } from './expected-count.ts';
import { GilbertLoss } from './gilbert.ts';
import type { StreamTruth } from './ground-truth.ts';
import { MinHeap } from './min-heap.ts';
import { hash32, Prng } from './prng.ts';
import type { ReceiverView } from './receiver-view.ts';
import type { Lane, WireItem } from './wire.ts';

/** Packets at the start of each stream that the network leaves alone. */
export const CLEAN_START_PACKETS = 3;
const RTP_HEADER_BYTES = 12;
const UINT32 = 0x1_0000_0000;
const MS_PER_S = 1000;
/** Largest delay of a duplicate behind its original, s. */
const DUPLICATE_DELAY_S = 0.002;
/** A held-back packet waits 1 + this × u packet times (u uniform in [0, 1)): 1-3 packet times. */
const REORDER_EXTRA_PACKET_TIMES = 2;

/** Everything that identifies one stream and its place in the scenario. */
export interface RtpStreamPlan {
  codec: CodecProfile;
  ssrc: number;
  /** Sequence number and RTP timestamp of the first packet. */
  seq0: number;
  ts0: number;
  /** Scenario time the first packet is sent, s. */
  startS: number;
  /** Packets the sender produces. */
  count: number;
  src: [string, number];
  dst: [string, number];
  /** Endpoints as reports write them. */
  srcText: string;
  dstText: string;
  callId: string | null;
  direction: StreamTruth['direction'];
  /** Seed of the network's decisions about this stream. */
  networkSeed: number;
  /** Seed of the Opus packet sizes. */
  sizeSeed: number;
}

/** The network's impairments, as probabilities and seconds. */
export interface NetworkModel {
  lossProbability: number;
  burstRatio: number;
  reorderProbability: number;
  duplicateProbability: number;
  /** Largest extra delay, s. */
  jitterS: number;
  /** Sender to capture point without impairments, s. */
  edgeDelayS: number;
}

interface Delivery {
  time: number;
  index: number;
  copy: boolean;
  order: number;
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

const earlier = (a: Delivery, b: Delivery): boolean =>
  a.time < b.time || (a.time === b.time && a.order < b.order);

export class RtpLane implements Lane {
  time = 0;
  /** The receiving endpoint's view, fed as packets pass the capture point (for its RTCP). */
  receiver: ReceiverView | null = null;
  readonly packetTimeS: number;
  readonly stepUnits: number;
  readonly #rng: Prng;
  readonly #loss: GilbertLoss;
  readonly #pending = new MinHeap<Delivery>(earlier);
  readonly #expected = new ExpectedCount();
  #next = 0;
  #order = 0;
  #highestDelivered = -1;
  #inLossRun = false;
  #sent = 0;
  #dropped = 0;
  #duplicated = 0;
  #reordered = 0;
  #delivered = 0;
  #lossRuns = 0;

  constructor(
    readonly id: number,
    readonly plan: RtpStreamPlan,
    readonly network: NetworkModel,
    readonly startTimeSec: number,
  ) {
    this.packetTimeS = plan.codec.packetTimeMs / MS_PER_S;
    this.stepUnits = timestampStep(plan.codec);
    this.#rng = new Prng(plan.networkSeed);
    this.#loss = new GilbertLoss(network.lossProbability, network.burstRatio);
  }

  /** Scenario time packet `index` is sent, s. */
  sendTime(index: number): number {
    return this.plan.startS + index * this.packetTimeS;
  }

  /** Scenario time just after the last packet's slot, s. */
  get endS(): number {
    return this.sendTime(this.plan.count);
  }

  /** Packets the sender has sent by scenario time `timeS` (0..count). */
  sentBy(timeS: number): number {
    const slots = Math.floor((timeS - this.plan.startS) / this.packetTimeS + 1e-9) + 1;
    return Math.max(0, Math.min(this.plan.count, slots));
  }

  /** Payload bytes of packet `index`. */
  payloadBytes(index: number): number {
    const [min, max] = this.plan.codec.payloadBytes;
    return min === max ? min : min + (hash32(this.plan.sizeSeed, index) % (max - min + 1));
  }

  refresh(): void {
    const count = this.plan.count;
    for (;;) {
      const top = this.#pending.peek();
      // No packet not yet produced can pass the capture point before this.
      const bound = this.#next < count ? this.sendTime(this.#next) + this.network.edgeDelayS : Infinity;
      if (top !== undefined && top.time <= bound) {
        this.time = top.time;
        return;
      }
      if (this.#next >= count) {
        this.time = Infinity;
        return;
      }
      this.#produce();
    }
  }

  /** The sender sends the next packet; the network decides its fate. */
  #produce(): void {
    const index = this.#next++;
    this.#sent++;
    const net = this.network;
    const rng = this.#rng;
    // Every packet takes the same draws, so changing one impairment leaves the others' choices alone.
    const uLoss = rng.next();
    const uJitter = rng.next();
    const uReorder = rng.next();
    const uHold = rng.next();
    const uDuplicate = rng.next();
    const uCopy = rng.next();
    let time = this.sendTime(index) + net.edgeDelayS;
    if (index < CLEAN_START_PACKETS) {
      this.#push(time, index, false);
      return;
    }
    if (this.#loss.lose(uLoss)) {
      this.#dropped++;
      if (!this.#inLossRun) this.#lossRuns++;
      this.#inLossRun = true;
      return;
    }
    this.#inLossRun = false;
    time += uJitter * net.jitterS;
    if (uReorder < net.reorderProbability) {
      time += this.packetTimeS * (1 + REORDER_EXTRA_PACKET_TIMES * uHold);
    }
    this.#push(time, index, false);
    if (uDuplicate < net.duplicateProbability) {
      this.#duplicated++;
      this.#push(time + DUPLICATE_DELAY_S * (1 - uCopy), index, true);
    }
  }

  #push(time: number, index: number, copy: boolean): void {
    this.#pending.push({ time, index, copy, order: this.#order++ });
  }

  take(): WireItem {
    const delivery = this.#pending.pop()!;
    const { index } = delivery;
    if (!delivery.copy) {
      if (index < this.#highestDelivered) this.#reordered++;
      else this.#highestDelivered = index;
    }
    this.#delivered++;
    const plan = this.plan;
    const seq = (plan.seq0 + index) & 0xffff;
    const timestamp = (plan.ts0 + index * this.stepUnits) % UINT32;
    this.#expected.add(seq, timestamp);
    this.receiver?.onCapture(delivery.time, index);

    const size = this.payloadBytes(index);
    const payload = new Uint8Array(RTP_HEADER_BYTES + size);
    payload.fill(plan.codec.fill, RTP_HEADER_BYTES);
    payload[0] = 0x80; // V=2, no padding, no extension, no CSRC
    payload[1] = ((index === 0 ? 1 : 0) << 7) | plan.codec.payloadType; // M on the first packet, PT
    payload[2] = seq >>> 8; // sequence number
    payload[3] = seq & 0xff;
    writeUint32(payload, 4, timestamp);
    writeUint32(payload, 8, plan.ssrc);
    return {
      timeSec: this.startTimeSec + delivery.time,
      offsetSec: delivery.time,
      src: plan.src,
      dst: plan.dst,
      payload,
      kind: 'rtp',
    };
  }

  /** The ground truth so far (complete once the lane is done). */
  truth(): StreamTruth {
    const plan = this.plan;
    const expected = this.#expected.expected;
    return {
      ssrc: formatSsrc(plan.ssrc),
      src: plan.srcText,
      dst: plan.dstText,
      callId: plan.callId,
      direction: plan.direction,
      payloadType: plan.codec.payloadType,
      codec: plan.codec.name,
      sent: this.#sent,
      dropped: this.#dropped,
      duplicated: this.#duplicated,
      reordered: this.#reordered,
      delivered: this.#delivered,
      expected,
      lost: expected - this.#delivered,
      lossRuns: this.#lossRuns,
    };
  }
}
