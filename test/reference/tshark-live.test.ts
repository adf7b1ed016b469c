/**
 * Agreement with the installed tshark on captures this project writes itself: streams built to hit
 * the awkward cases (network jitter with reordering, loss, duplicates, sequence and timestamp wrap,
 * silence with marker bits, comfort noise, a sender restart, video at 90 kHz, payload type changes,
 * RFC 4733 events). tshark is told every port is RTP (`-d udp.port==P,rtp`); callscope uses only its
 * heuristics, so this also checks that probation loses no packet.
 */

import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { type RtpSpec, rtpCapture } from '../helpers/pcap-builder.ts';
import { tempFile } from '../helpers/temp-files.ts';
import { haveTshark, tsharkRtpStreams } from '../helpers/tshark.ts';

const T0 = 1_700_000_000;
const TOLERANCE_MS = 0.01;

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG; the seed makes failures repeatable). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Scenario {
  name: string;
  port: number;
  packets: RtpSpec[];
}

/** A paced stream: packet i is sent at i × ptime; `arrive` turns send time into arrival (or null to drop). */
function paced(
  port: number,
  count: number,
  options: {
    ssrc: number;
    seq0?: number;
    ts0?: number;
    step?: number;
    ptimeS?: number;
    pt?: (i: number) => number;
    arrive?: (sendS: number, i: number) => number | null;
    marker?: (i: number) => boolean;
  },
): RtpSpec[] {
  const { seq0 = 1, ts0 = 5000, step = 160, ptimeS = 0.02 } = options;
  const out: RtpSpec[] = [];
  for (let i = 0; i < count; i++) {
    const send = T0 + i * ptimeS;
    const time = options.arrive ? options.arrive(send, i) : send;
    if (time === null) continue;
    out.push({
      time,
      seq: (seq0 + i) & 0xffff,
      timestamp: (ts0 + i * step) >>> 0,
      ssrc: options.ssrc,
      payloadType: options.pt?.(i) ?? 0,
      marker: options.marker?.(i) ?? false,
      dst: ['192.0.2.2', port],
      src: ['192.0.2.1', port - 10_000],
    });
  }
  return out;
}

function scenarios(): Scenario[] {
  const r = random(20_261_125);
  const list: Scenario[] = [];
  const add = (name: string, port: number, packets: RtpSpec[]) => list.push({ name, port, packets });

  // Network jitter of 0-35 ms (so packets reorder) and 3 % loss.
  add(
    'jitter, reorder and loss',
    50_000,
    paced(50_000, 600, {
      ssrc: 0x1001,
      arrive: (send, i) => (i > 3 && r() < 0.03 ? null : send + r() * 0.035),
    }),
  );
  // Sequence numbers wrap; some packets arrive twice.
  const wrap = paced(50_002, 400, { ssrc: 0x1002, seq0: 65_300, arrive: (send) => send + r() * 0.004 });
  for (let i = 50; i < wrap.length; i += 37) wrap.push({ ...wrap[i]!, time: wrap[i]!.time + 0.003 });
  add('sequence wrap with duplicates', 50_002, wrap);
  // RTP timestamp wraps past 2^32.
  add(
    'timestamp wrap',
    50_004,
    paced(50_004, 300, {
      ssrc: 0x1003,
      ts0: 0xffff_ffff - 20_000,
      arrive: (send) => send + r() * 0.006,
    }),
  );
  // Talkspurts of 100 packets with 2 s silences (DTX: sequence numbers continue, the timestamp jumps
  // by the silence), each spurt starting with the marker bit.
  const spurts: RtpSpec[] = [];
  for (let i = 0; i < 400; i++) {
    const spurt = Math.floor(i / 100);
    const send = T0 + i * 0.02 + spurt * 2;
    spurts.push({
      time: send + r() * 0.005,
      seq: 7000 + i,
      timestamp: 5000 + i * 160 + spurt * 16_000,
      ssrc: 0x1004,
      marker: i % 100 === 0,
      dst: ['192.0.2.2', 50_006],
      src: ['192.0.2.1', 40_006],
    });
  }
  add('silence and marker bits', 50_006, spurts);
  // Comfort noise (PT 13) every 10th packet in the second half.
  add(
    'comfort noise',
    50_008,
    paced(50_008, 400, {
      ssrc: 0x1005,
      pt: (i) => (i >= 200 && i % 10 === 0 ? 13 : 8),
      arrive: (send) => send + r() * 0.01,
    }),
  );
  // The sender restarts its sequence numbers and timestamps half way.
  const before = paced(50_010, 200, { ssrc: 0x1006, seq0: 30_000, ts0: 900_000_000 });
  const after = paced(50_010, 200, { ssrc: 0x1006, seq0: 5, ts0: 100 }).map((p) => ({
    ...p,
    time: p.time + 4.5,
  }));
  add('sender restart', 50_010, [...before, ...after]);
  // H.263 video: 90 kHz clock, 30 frames/s.
  add(
    'video 90 kHz',
    50_012,
    paced(50_012, 300, {
      ssrc: 0x1007,
      pt: () => 34,
      step: 3000,
      ptimeS: 1 / 30,
      arrive: (send) => send + r() * 0.02,
    }),
  );
  // PCMU then PCMA on the same SSRC.
  add(
    'payload type change',
    50_014,
    paced(50_014, 300, {
      ssrc: 0x1008,
      pt: (i) => (i < 150 ? 0 : 8),
      arrive: (send) => send + r() * 0.003,
    }),
  );
  // RFC 4733 events on dynamic PT 101 (tshark's default telephone-event type) with frozen timestamps.
  const dtmf = paced(50_016, 300, { ssrc: 0x1009, arrive: (send) => send + r() * 0.003 });
  for (let i = 100; i < 110; i++)
    dtmf[i] = { ...dtmf[i]!, payloadType: 101, timestamp: dtmf[100]!.timestamp };
  add('telephone-event', 50_016, dtmf);
  return list;
}

describe.skipIf(!haveTshark)('agreement with the installed tshark on generated captures', () => {
  const list = scenarios();
  const file = tempFile('scenarios.pcap', rtpCapture(list.flatMap((s) => s.packets)));
  const decodeAs = list.flatMap((s) => ['-d', `udp.port==${s.port},rtp`]);
  const theirs = haveTshark ? tsharkRtpStreams(file, decodeAs) : [];
  const ours = analyzeFile(file);

  it('tshark found every generated stream', () => {
    expect(theirs.length).toBe(list.length);
  });

  for (const scenario of list) {
    it(`${scenario.name}: packets, lost, max delta, max and mean jitter`, async () => {
      const dst = `192.0.2.2:${scenario.port}`;
      const ref = theirs.find((t) => t.dst === dst);
      const mine = (await ours).streams.find((s) => s.dst === dst);
      expect(ref, 'tshark row').toBeDefined();
      expect(mine, 'callscope stream').toBeDefined();
      expect(mine!.packets).toBe(ref!.packets);
      expect(mine!.lost).toBe(ref!.lost);
      expect(Math.abs(mine!.maxDeltaMs - ref!.maxDeltaMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(Math.abs((mine!.maxJitterMs ?? 0) - ref!.maxJitterMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(Math.abs((mine!.meanJitterMs ?? 0) - ref!.meanJitterMs)).toBeLessThanOrEqual(TOLERANCE_MS);
    });
  }
});
