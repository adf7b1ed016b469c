import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../electron/engine/analyze-file.ts';
import { DEFAULT_QUALITY_OPTIONS, rate } from '../../../electron/engine/track/stream-quality.ts';
import { lookupCodec } from '../../../shared/emodel/codecs.ts';
import { estimateQuality } from '../../../shared/emodel/pipeline.ts';
import { regularStream, rtpCapture } from '../../helpers/pcap-builder.ts';
import { tempFile } from '../../helpers/temp-files.ts';

const G711 = lookupCodec('PCMU');
const context = { codec: G711, rttMs: 100, rttLegs: 2, jitterMs: 2, packetTimeMs: 20 };

describe('rate (one window of counts)', () => {
  it('feeds loss, discards and bursts into the spec pipeline', () => {
    const figure = rate(
      { packets: 250, expected: 250, lost: 0, discards: 0, lossRuns: 0 },
      context,
      DEFAULT_QUALITY_OPTIONS,
    )!;
    const direct = estimateQuality({
      codec: G711,
      rttMs: 100,
      packetTimeMs: 20,
      jitterBufferDelayMs: 20,
      networkLossPercent: 0,
      discardPercent: 0,
    });
    expect(figure.rFactor).toBeCloseTo(direct.rFactor, 10);
    expect(figure.qualityLevel).toBe('good');
  });

  it('2 % network loss in one run vs spread out: bursts cost more', () => {
    const spread = rate(
      { packets: 245, expected: 250, lost: 5, discards: 0, lossRuns: 5 },
      context,
      DEFAULT_QUALITY_OPTIONS,
    )!;
    const burst = rate(
      { packets: 245, expected: 250, lost: 5, discards: 0, lossRuns: 1 },
      context,
      DEFAULT_QUALITY_OPTIONS,
    )!;
    expect(burst.burstRatio).toBeGreaterThan(spread.burstRatio);
    expect(burst.mos).toBeLessThan(spread.mos);
    expect(spread.impairments.dominant).toBe('networkLoss');
  });

  it('discards count as loss and are named as jitter-buffer discards', () => {
    const figure = rate(
      { packets: 250, expected: 250, lost: 0, discards: 10, lossRuns: 0 },
      context,
      DEFAULT_QUALITY_OPTIONS,
    )!;
    expect(figure.impairments.jitterBufferDiscards).toBeGreaterThan(0);
    expect(figure.impairments.networkLoss).toBe(0);
    expect(figure.impairments.dominant).toBe('jitterBufferDiscards');
  });

  it('nothing expected: no figure; expected but nothing received: "no media", MOS 1', () => {
    expect(
      rate({ packets: 0, expected: 0, lost: 0, discards: 0, lossRuns: 0 }, context, DEFAULT_QUALITY_OPTIONS),
    ).toBeNull();
    const none = rate(
      { packets: 0, expected: 50, lost: 50, discards: 0, lossRuns: 1 },
      context,
      DEFAULT_QUALITY_OPTIONS,
    )!;
    expect(none.mos).toBe(1);
    expect(none.flags).toContain('no-media');
  });
});

describe('per-second MOS of a stream', () => {
  it('waits for two seconds of data, drops with a loss burst and recovers when it leaves the window', async () => {
    // 12 s at 50 pkt/s; 10 consecutive packets lost at t = 3 s.
    const specs = regularStream(600, { seq0: 1 }).filter((p) => p.seq < 150 || p.seq >= 160);
    const report = await analyzeFile(tempFile('burst.pcap', rtpCapture(specs)));
    const mos = report.streams[0]!.seconds.map((w) => w.mos);
    expect(mos[0]).toBeNull();
    const clean = mos[2]!;
    expect(clean).toBeGreaterThan(4.3);
    expect(mos[3]!).toBeLessThan(clean - 0.1);
    expect(mos[7]!).toBeLessThan(clean); // still inside the 5 s window
    expect(mos[8]!).toBeCloseTo(clean, 6); // left the window
    const stream = report.streams[0]!;
    expect(stream.minMos).toBeCloseTo(mos[3]!, 10);
    expect(stream.seconds[3]!.impairments!.dominant).toBe('networkLoss');
    expect(stream.seconds[3]!.scale).toBe('narrowband');
    expect(stream.mos).toBeLessThan(clean);
  });

  it('holds the last figure through silence (no packets, no sequence gap)', async () => {
    const talk = regularStream(150, { seq0: 1 });
    const after = regularStream(100, {
      seq0: 151,
      time0: 1_700_000_006,
      ts0: 160_000 + 150 * 160 + 24_000,
    }).map((p, i) => ({
      ...p,
      marker: i === 0,
    }));
    const report = await analyzeFile(tempFile('dtx.pcap', rtpCapture([...talk, ...after])));
    const seconds = report.streams[0]!.seconds;
    expect(seconds[4]!.packets).toBe(0);
    expect(seconds[4]!.mos).toBeCloseTo(seconds[2]!.mos!, 10);
    expect(seconds[4]!.qualityFlags).toContain('silence-held');
  });

  it('gives a wideband figure for G.722 and none for video', async () => {
    const g722 = await analyzeFile(tempFile('g722.pcap', rtpCapture(regularStream(150, { payloadType: 9 }))));
    expect(g722.streams[0]!.scale).toBe('wideband');
    expect(g722.streams[0]!.rFactor!).toBeGreaterThan(100);
    const video = await analyzeFile(
      tempFile('h263.pcap', rtpCapture(regularStream(150, { payloadType: 34 }))),
    );
    expect(video.streams[0]!.mos).toBeNull();
    expect(video.streams[0]!.seconds.every((w) => w.mos === null)).toBe(true);
  });
});
