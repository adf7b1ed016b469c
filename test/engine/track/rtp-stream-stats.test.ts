import { describe, expect, it } from 'vitest';
import {
  PacketFlag,
  type PayloadFormat,
  RtpStreamStats,
} from '../../../electron/engine/track/rtp-stream-stats.ts';

const PCMU: PayloadFormat = { clockRateHz: 8000, encoding: 'PCMU', telephoneEvent: false };
const EVENT: PayloadFormat = { clockRateHz: 8000, encoding: 'telephone-event', telephoneEvent: true };
const UNKNOWN: PayloadFormat = { clockRateHz: 0, encoding: null, telephoneEvent: false };

interface P {
  seq: number;
  /** arrival, ms */
  t?: number;
  ts?: number;
  pt?: number;
  marker?: boolean;
  format?: PayloadFormat;
}

/** Feeds packets; by default 20 ms apart with 160-unit timestamp steps following the sequence. */
function run(packets: P[]): RtpStreamStats {
  const stats = new RtpStreamStats();
  packets.forEach((p, i) => {
    stats.add(
      {
        timeMs: p.t ?? i * 20,
        sequenceNumber: p.seq,
        timestamp: p.ts ?? i * 160,
        payloadType: p.pt ?? 0,
        marker: p.marker ?? false,
        rtpLength: 172,
        payloadLength: 160,
      },
      p.format ?? PCMU,
    );
  });
  return stats;
}

const seqs = (...numbers: number[]): P[] => numbers.map((seq) => ({ seq }));

describe('expected and lost (Wireshark arithmetic, RFC 3550 A.3)', () => {
  it.each([
    ['wrap 65534..1', [65534, 65535, 0, 1], 4, 0],
    ['gap of two', [100, 101, 102, 105, 106, 107, 108, 109], 10, 2],
    ['duplicate makes loss negative', [100, 101, 101, 102], 3, -1],
    ['reorder', [100, 102, 101, 103], 4, 0],
    ['wrap with reorder', [65535, 2, 1, 3], 5, 1],
    ['start at 0', [0, 1, 2, 3], 4, 0],
    ['wrap from 65530 with one lost', [65530, 65531, 65532, 65533, 65534, 65535, 0, 2, 3], 10, 1],
  ])('%s', (_name, numbers, expected, lost) => {
    const stats = run(seqs(...numbers));
    expect(stats.expected).toBe(expected);
    expect(stats.lost).toBe(lost);
    expect(stats.packets).toBe(numbers.length);
  });

  it('a half-range jump (32768) counts as a gap, as in Wireshark', () => {
    const stats = run(seqs(100, 100 + 32768));
    expect(stats.expected).toBe(32769);
    expect(stats.sequenceErrors).toBe(1);
  });

  it('a backward jump of more than 0xFF00 is a wrap with losses', () => {
    const stats = run(seqs(65500, 65501, 10, 11));
    expect(stats.cycles).toBe(1);
    expect(stats.expected).toBe(65536 + 11 - 65500 + 1);
    expect(stats.sequenceErrors).toBe(1);
  });
});

describe('duplicates and out-of-order (extended sequence numbers)', () => {
  it('tells duplicates from reordered packets', () => {
    const stats = run(seqs(1, 2, 4, 3, 3, 5, 2));
    expect(stats.duplicates).toBe(2);
    expect(stats.outOfOrder).toBe(1);
  });

  it('does not count a sender restart as reordering (two in a row re-base)', () => {
    const stats = run(seqs(5000, 5001, 5002, 10, 11, 12, 13));
    expect(stats.outOfOrder).toBe(0);
    expect(stats.duplicates).toBe(0);
  });

  it('ignores one stray far-away number', () => {
    const stats = run(seqs(100, 5000, 101, 102));
    expect(stats.outOfOrder).toBe(0);
    expect(stats.duplicates).toBe(0);
  });

  it('counts duplicates across the 16-bit wrap', () => {
    const stats = run(seqs(65534, 65535, 0, 0, 1));
    expect(stats.duplicates).toBe(1);
  });
});

describe('jitter (RFC 3550 §6.4.1 on the capture clock, as Wireshark computes it)', () => {
  it('is zero for perfectly paced packets', () => {
    const stats = run(seqs(1, 2, 3, 4, 5));
    expect(stats.jitterMs).toBe(0);
    expect(stats.maxJitterMs).toBe(0);
  });

  it('follows J += (|D| - J)/16 and Wireshark 4.0s mean weighting', () => {
    // p1 arrives 4 ms late: D = 4 -> J = 0.25; p2 on time: D = |40 - (24 + 20)| = 4 -> J = 0.484375.
    const stats = run([
      { seq: 1, t: 0 },
      { seq: 2, t: 24 },
      { seq: 3, t: 40 },
    ]);
    expect(stats.jitterMs).toBeCloseTo(0.484375, 12);
    expect(stats.maxJitterMs).toBeCloseTo(0.484375, 12);
    // mean after p1: (0*0 + 0.25)/1; after p2: (0.25*1 + 0.484375)/2.
    expect(stats.meanJitterMs).toBeCloseTo(0.3671875, 12);
    expect(stats.maxDeltaMs).toBe(24);
  });

  it('emodel.md 6.3 vector: arrivals 0, 20, 45, 60, 80, 100 ms', () => {
    const arrivals = [0, 20, 45, 60, 80, 100];
    const expectedMs = [0, 0, 0.3125, 0.6055, 0.5676, 0.5322];
    const stats = new RtpStreamStats();
    arrivals.forEach((t, i) => {
      stats.add(
        {
          timeMs: t,
          sequenceNumber: i,
          timestamp: i * 160,
          payloadType: 0,
          marker: false,
          rtpLength: 172,
          payloadLength: 160,
        },
        PCMU,
      );
      expect(stats.jitterMs).toBeCloseTo(expectedMs[i]!, 4);
    });
  });

  it('is unaffected by the 32-bit timestamp wrap', () => {
    const ts0 = 0xffff_ffff - 300;
    const stats = run([0, 1, 2, 3, 4].map((i) => ({ seq: 10 + i, ts: (ts0 + i * 160) >>> 0 })));
    expect(stats.jitterMs).toBe(0);
    expect(stats.timestampErrors).toBe(0);
  });

  it('uses the integer clock divisor Wireshark uses (44100 Hz -> 44 units per ms)', () => {
    const l16: PayloadFormat = { clockRateHz: 44_100, encoding: 'L16', telephoneEvent: false };
    // 882 units = 20 ms at 44.1 kHz, but Wireshark reads them as 882/44 = 20.045 ms.
    const stats = run([0, 1, 2].map((i) => ({ seq: i, ts: i * 882, format: l16, pt: 11 })));
    expect(stats.jitterMs).toBeCloseTo((15 * (0.0454545 / 16) + 0.0454545) / 16, 5);
  });

  it('leaves telephone-event and unknown clocks out of jitter', () => {
    const stats = run([
      { seq: 1 },
      { seq: 2, t: 27, ts: 160, format: EVENT, pt: 101 },
      { seq: 3, t: 45, ts: 160, format: EVENT, pt: 101 },
    ]);
    expect(stats.jitterMs).toBe(0);
    expect(stats.flags & PacketFlag.PT_TELEPHONE_EVENT).not.toBe(0);
    const unknown = run([
      { seq: 1, format: UNKNOWN },
      { seq: 2, t: 33, format: UNKNOWN },
    ]);
    expect(unknown.clockRateHz).toBe(0);
    expect(unknown.maxJitterMs).toBe(0);
    expect(unknown.maxDeltaMs).toBe(33);
  });
});

describe('which packets count for max delta and jitter', () => {
  it('skips a marker packet (talkspurt start after silence)', () => {
    const stats = run([
      { seq: 1 },
      { seq: 2 },
      { seq: 3, t: 500, ts: 4000, marker: true },
      { seq: 4, t: 520, ts: 4160 },
    ]);
    expect(stats.maxDeltaMs).toBe(20);
  });

  it('skips comfort noise and the packet after it', () => {
    const stats = run([
      { seq: 1 },
      { seq: 2, pt: 13, t: 300 },
      { seq: 3, t: 600, ts: 4000 },
      { seq: 4, t: 620, ts: 4160 },
    ]);
    expect(stats.maxDeltaMs).toBe(20);
  });

  it('flags a timestamp before the first as wrong and leaves it out', () => {
    const stats = run([
      { seq: 1, ts: 10_000 },
      { seq: 2, ts: 9000, t: 90 },
      { seq: 3, ts: 10_160, t: 100 },
    ]);
    expect(stats.timestampErrors).toBe(1);
    expect(stats.maxDeltaMs).toBe(100);
  });

  it('counts payload type changes but not comfort noise', () => {
    const stats = run([
      { seq: 1, pt: 0 },
      { seq: 2, pt: 13 },
      { seq: 3, pt: 0 },
      { seq: 4, pt: 8 },
    ]);
    expect(stats.payloadChanges).toBe(1);
  });
});
