/**
 * The generator: turns validated options into a lazy, time-ordered stream of datagrams (RTP, RTCP,
 * SIP) and the ground truth about the RTP streams. Datagrams are produced on demand by per-stream
 * lanes merged through a min-heap on their next time, so memory stays bounded by the number of
 * streams, not the number of packets. Nothing here reads the clock: every time is scenario time
 * (s since start) plus `startTimeSec`.
 *
 * The scenario, for call k (0-based):
 * - media endpoints: caller `source.address:source.port + 2k`, callee `destination.address:destination.port + 2k`
 *   (RTCP on + 1); SIP endpoints: callee `destination.address:sipPort`, caller `source.address:sipPort + 2`;
 * - the call starts at a random offset in the first 0.5 s; with SIP: INVITE, 100 Trying and 180
 *   Ringing as soon as the callee has it, 200 OK 0.2 s later, ACK; the callee starts sending media
 *   with its 200 OK, the caller once the 200 OK has reached it; after `durationS` of media each way
 *   the caller sends BYE and the callee answers 200 OK. Without SIP the two streams start 5 ms apart;
 * - the path between the endpoints takes `pathDelayMs` one way; the capture point sits in its
 *   middle, so each endpoint is `pathDelayMs / 2` from it, and the RTP impairments act between each
 *   sender and the capture point (the receiver sees what the capture shows, half a path later).
 */

import { endpointFromText } from '../decode/address.ts';
import { type CodecProfile, findCodecProfile } from './codec-profiles.ts';
import { type StreamTruth, type TruthTotals, totalsOf } from './ground-truth.ts';
import { MinHeap } from './min-heap.ts';
import { deriveSeed, Prng } from './prng.ts';
import { ReceiverView } from './receiver-view.ts';
import { RtcpLane } from './rtcp-lane.ts';
import { type NetworkModel, RtpLane, type RtpStreamPlan } from './rtp-lane.ts';
import { CALLER_SIP_PORT_OFFSET, type GenerateOptions, resolveGenerateOptions } from './scenario.ts';
import { type SipEvent, SipLane } from './sip-lane.ts';
import type { SipDialog } from './sip-messages.ts';
import type { Lane, WireItem, WireKind } from './wire.ts';

/** The ground truth of a run: one entry per RTP stream (call order, caller's stream first) and totals. */
export interface GroundTruth {
  streams: StreamTruth[];
  totals: TruthTotals;
}

const MS_PER_S = 1000;
const PERCENT = 100;
/** Calls start at a random offset within this many seconds. */
const CALL_START_SPREAD_S = 0.5;
/** Time an endpoint takes to answer a SIP message, s. */
const SIP_TURNAROUND_S = 0.001;
/** 180 Ringing follows the INVITE's arrival after this, s. */
const RINGING_AFTER_S = 0.01;
/** The callee answers (200 OK) this long after ringing, s. */
const ANSWER_AFTER_S = 0.2;
/** An endpoint starts its media this long after it sent or received the 200 OK, s. */
const MEDIA_AFTER_ANSWER_S = 0.002;
/** Without SIP, the callee's stream starts this long after the caller's, s. */
const CALLEE_MEDIA_OFFSET_S = 0.005;
/** The BYE follows the end of the media after this, s. */
const BYE_AFTER_MEDIA_S = 0.02;

/** Seed purposes (the last part of deriveSeed's input). */
const Purpose = { Call: 1, Identity: 2, Network: 3, Rtcp: 4, Sizes: 5 } as const;

const laneBefore = (a: Lane, b: Lane): boolean => a.time < b.time || (a.time === b.time && a.id < b.id);

/** Creates the generator for `options` (defaults filled in and validated; RangeError when bad). */
export class PacketSource implements Iterable<WireItem> {
  readonly options: GenerateOptions;
  readonly codec: CodecProfile;
  /** The RTP lanes in ground-truth order. */
  readonly #streams: RtpLane[] = [];
  readonly #heap = new MinHeap<Lane>(laneBefore);
  readonly #frames: Record<WireKind, number> = { rtp: 0, rtcp: 0, sip: 0 };
  readonly #callIds: (string | null)[] = [];

  constructor(options: Partial<GenerateOptions> = {}) {
    this.options = resolveGenerateOptions(options);
    this.codec = findCodecProfile(this.options.codec)!;
    this.#build();
  }

  /** Call-ID of each call (null without SIP), by call index. */
  get callIds(): readonly (string | null)[] {
    return this.#callIds;
  }

  /** The next datagram in time order, or null when the scenario is over. */
  next(): WireItem | null {
    const lane = this.#heap.peek();
    if (lane === undefined || lane.time === Infinity) return null;
    const item = lane.take();
    this.#frames[item.kind]++;
    lane.refresh();
    if (lane.time === Infinity) this.#heap.pop();
    else this.#heap.updateTop();
    return item;
  }

  *[Symbol.iterator](): Iterator<WireItem> {
    for (let item = this.next(); item !== null; item = this.next()) yield item;
  }

  /** Frames handed out so far, by kind. */
  get frames(): Readonly<Record<WireKind, number>> {
    return this.#frames;
  }

  /** The ground truth of what was handed out so far (complete once `next()` returned null). */
  groundTruth(): GroundTruth {
    const streams = this.#streams.map((lane) => lane.truth());
    return { streams, totals: totalsOf(streams, this.options.calls, this.#frames) };
  }

  #build(): void {
    const o = this.options;
    const codec = this.codec;
    const edgeDelayS = o.pathDelayMs / MS_PER_S / 2;
    const network: NetworkModel = {
      lossProbability: o.lossPercent / PERCENT,
      burstRatio: o.burstRatio,
      reorderProbability: o.reorderPercent / PERCENT,
      duplicateProbability: o.duplicatePercent / PERCENT,
      jitterS: o.jitterMs / MS_PER_S,
      edgeDelayS,
    };
    const count = Math.round((o.durationS * MS_PER_S) / codec.packetTimeMs);
    const ssrcs = new Set<number>();
    let laneId = 0;
    const lanes: Lane[] = [];
    for (let k = 0; k < o.calls; k++) {
      const rng = new Prng(deriveSeed(o.seed, k, Purpose.Call));
      const callStartS = rng.uniform(0, CALL_START_SPREAD_S);
      const callerMedia: [string, number] = [o.source.address, o.source.port + 2 * k];
      const calleeMedia: [string, number] = [o.destination.address, o.destination.port + 2 * k];
      const dialog: SipDialog | null = o.withSip
        ? {
            callId: `${rng.hex(8)}-${k}@callscope.invalid`,
            callerTag: rng.hex(4),
            calleeTag: rng.hex(4),
            inviteBranch: `z9hG4bK${rng.hex(6)}`,
            ackBranch: `z9hG4bK${rng.hex(6)}`,
            byeBranch: `z9hG4bK${rng.hex(6)}`,
            callerSip: [o.source.address, o.sipPort + CALLER_SIP_PORT_OFFSET],
            calleeSip: [o.destination.address, o.sipPort],
            callerMedia,
            calleeMedia,
            callerUser: `caller${k}`,
            calleeUser: `callee${k}`,
            callerSessionId: rng.int(1, 0x7fff_ffff),
            calleeSessionId: rng.int(1, 0x7fff_ffff),
            codec,
          }
        : null;
      this.#callIds.push(dialog?.callId ?? null);

      // Timeline (sender's clock; the capture sees each datagram edgeDelayS later).
      const pathS = 2 * edgeDelayS;
      const inviteS = callStartS;
      const ringingS = inviteS + pathS + RINGING_AFTER_S;
      const okS = ringingS + ANSWER_AFTER_S;
      const callerStartS = dialog === null ? callStartS : okS + pathS + MEDIA_AFTER_ANSWER_S;
      const calleeStartS = dialog === null ? callStartS + CALLEE_MEDIA_OFFSET_S : okS + MEDIA_AFTER_ANSWER_S;

      const stream = (direction: StreamTruth['direction'], dir: number): RtpLane => {
        const identity = new Prng(deriveSeed(o.seed, k, dir, Purpose.Identity));
        let ssrc = identity.uint32();
        while (ssrc === 0 || ssrcs.has(ssrc)) ssrc = identity.uint32();
        ssrcs.add(ssrc);
        const fromCaller = direction === 'caller-to-callee';
        const src = fromCaller ? callerMedia : calleeMedia;
        const dst = fromCaller ? calleeMedia : callerMedia;
        const plan: RtpStreamPlan = {
          codec,
          ssrc,
          seq0: identity.int(0, 0xffff),
          ts0: identity.uint32(),
          startS: fromCaller ? callerStartS : calleeStartS,
          count,
          src,
          dst,
          srcText: endpointFromText(src[0], src[1])!,
          dstText: endpointFromText(dst[0], dst[1])!,
          callId: dialog?.callId ?? null,
          direction,
          networkSeed: deriveSeed(o.seed, k, dir, Purpose.Network),
          sizeSeed: deriveSeed(o.seed, k, dir, Purpose.Sizes),
        };
        return new RtpLane(laneId++, plan, network, o.startTimeSec);
      };
      const out = stream('caller-to-callee', 0);
      const back = stream('callee-to-caller', 1);
      this.#streams.push(out, back);
      lanes.push(out, back);

      // RTCP: each side reports on the stream it receives.
      const view = (lane: RtpLane): ReceiverView => {
        const receiver = new ReceiverView(lane.plan.seq0, lane.stepUnits, codec.clockRateHz, edgeDelayS);
        lane.receiver = receiver;
        return receiver;
      };
      const rtcpPort = ([address, port]: [string, number]): [string, number] => [address, port + 1];
      const callerRtcp = new RtcpLane(
        laneId++,
        out,
        view(back),
        back.plan.ssrc,
        rtcpPort(callerMedia),
        rtcpPort(calleeMedia),
        `caller${k}@${o.source.address}`,
        new Prng(deriveSeed(o.seed, k, 0, Purpose.Rtcp)),
        o.rtcpIntervalS,
        edgeDelayS,
        o.startTimeSec,
      );
      const calleeRtcp = new RtcpLane(
        laneId++,
        back,
        view(out),
        out.plan.ssrc,
        rtcpPort(calleeMedia),
        rtcpPort(callerMedia),
        `callee${k}@${o.destination.address}`,
        new Prng(deriveSeed(o.seed, k, 1, Purpose.Rtcp)),
        o.rtcpIntervalS,
        edgeDelayS,
        o.startTimeSec,
      );
      callerRtcp.peer = calleeRtcp;
      calleeRtcp.peer = callerRtcp;
      lanes.push(callerRtcp, calleeRtcp);

      if (dialog !== null) {
        const byeS = Math.max(out.endS, back.endS) + BYE_AFTER_MEDIA_S;
        const events: SipEvent[] = [
          { step: 'invite', sendS: inviteS, fromCaller: true },
          { step: 'trying', sendS: inviteS + pathS + SIP_TURNAROUND_S, fromCaller: false },
          { step: 'ringing', sendS: ringingS, fromCaller: false },
          { step: 'ok', sendS: okS, fromCaller: false },
          { step: 'ack', sendS: okS + pathS + SIP_TURNAROUND_S, fromCaller: true },
          { step: 'bye', sendS: byeS, fromCaller: true },
          { step: 'bye-ok', sendS: byeS + pathS + SIP_TURNAROUND_S, fromCaller: false },
        ];
        lanes.push(new SipLane(laneId++, dialog, events, edgeDelayS, o.startTimeSec));
      }
    }
    for (const lane of lanes) {
      lane.refresh();
      if (lane.time !== Infinity) this.#heap.push(lane);
    }
  }
}
