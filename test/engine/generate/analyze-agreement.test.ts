/**
 * File mode against the analyser: every generated scenario is written, analysed with
 * `analyzeFile`, and each ground-truth stream must be found (src, dst, SSRC) with packets =
 * delivered, lost = expected - delivered, duplicates = duplicated and outOfOrder = reordered.
 * With SIP: the calls, their streams, codecs from SDP, RTCP and round trips.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../electron/engine/analyze-file.ts';
import type { StreamTruth } from '../../../electron/engine/generate/ground-truth.ts';
import type { GenerateOptions } from '../../../electron/engine/generate/scenario.ts';
import { writeCapture } from '../../../electron/engine/generate/write-capture.ts';
import type { AnalysisReport, StreamReport } from '../../../shared/analysis.ts';
import { tempFolder } from '../../helpers/temp-files.ts';
import { haveTshark, tsharkRtpStreams } from '../../helpers/tshark.ts';

const folder = tempFolder();
let files = 0;

async function generateAndAnalyze(options: Partial<GenerateOptions>) {
  const path = join(folder, `scenario-${files++}.pcap`);
  const truth = await writeCapture(path, options);
  const report = await analyzeFile(path);
  return { path, truth, report };
}

function find(report: AnalysisReport, truth: StreamTruth): StreamReport | undefined {
  return report.streams.find((s) => s.ssrc === truth.ssrc && s.src === truth.src && s.dst === truth.dst);
}

/** Every stream found with the predicted counts; nothing else in the capture. */
function expectAgreement(report: AnalysisReport, streams: readonly StreamTruth[]): void {
  expect(report.error).toBeNull();
  expect(report.frames.malformed).toBe(0);
  expect(report.frames.skipped).toEqual({});
  expect(report.streams).toHaveLength(streams.length);
  for (const truth of streams) {
    const found = find(report, truth);
    expect(found, `stream ${truth.ssrc} ${truth.src} -> ${truth.dst}`).toBeDefined();
    expect({
      ssrc: found!.ssrc,
      payloadType: found!.payloadType,
      packets: found!.packets,
      expected: found!.expected,
      lost: found!.lost,
      duplicates: found!.duplicates,
      outOfOrder: found!.outOfOrder,
    }).toEqual({
      ssrc: truth.ssrc,
      payloadType: truth.payloadType,
      packets: truth.delivered,
      expected: truth.expected,
      lost: truth.expected - truth.delivered,
      duplicates: truth.duplicated,
      outOfOrder: truth.reordered,
    });
  }
}

const sum = (
  streams: readonly StreamTruth[],
  key: keyof StreamTruth & ('dropped' | 'duplicated' | 'reordered' | 'sent' | 'lossRuns'),
) => streams.reduce((n, s) => n + s[key], 0);

describe('generated captures analysed', () => {
  it('same seed, byte-identical file; another seed, another file', async () => {
    const options = { calls: 2, durationS: 5, lossPercent: 3, jitterMs: 20, withSip: true, rtcpIntervalS: 1 };
    const a = await generateAndAnalyze(options);
    const b = await generateAndAnalyze(options);
    const c = await generateAndAnalyze({ ...options, seed: 99 });
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
    expect(readFileSync(a.path).equals(readFileSync(c.path))).toBe(false);
    expect(a.truth.streams).toEqual(b.truth.streams);
  });

  it('leaves no file behind when interrupted', async () => {
    const path = join(folder, 'interrupted.pcap');
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(writeCapture(path, { durationS: 5 }, { signal: controller.signal })).rejects.toThrow(
      'interrupted',
    );
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('rejects bad options before creating anything', async () => {
    const path = join(folder, 'never.pcap');
    await expect(writeCapture(path, { calls: 0 })).rejects.toThrow(RangeError);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('no impairment: every packet, nothing lost', async () => {
    const { truth, report } = await generateAndAnalyze({ calls: 2, durationS: 10 });
    expectAgreement(report, truth.streams);
    for (const s of truth.streams)
      expect(s).toMatchObject({ sent: 500, delivered: 500, expected: 500, lost: 0 });
    expect(report.frames.rtp).toBe(2000);
  });

  it('5 % random loss', async () => {
    const { truth, report } = await generateAndAnalyze({ calls: 4, durationS: 30, lossPercent: 5 });
    expectAgreement(report, truth.streams);
    const rate = sum(truth.streams, 'dropped') / sum(truth.streams, 'sent');
    expect(rate).toBeGreaterThan(0.035);
    expect(rate).toBeLessThan(0.065);
  });

  it('5 % loss with burst ratio 3: as much loss in fewer, longer runs', async () => {
    const options = { calls: 4, durationS: 60, lossPercent: 5 };
    const random = await generateAndAnalyze(options);
    const bursty = await generateAndAnalyze({ ...options, burstRatio: 3 });
    expectAgreement(bursty.report, bursty.truth.streams);
    const lost = (r: AnalysisReport) => r.streams.reduce((n, s) => n + s.lost, 0);
    // The analyser's sequence errors are its loss runs here (loss is the only impairment); a run
    // at the very end of a stream leaves no gap it could see.
    const runs = (r: AnalysisReport) => r.streams.reduce((n, s) => n + s.sequenceErrors, 0);
    const truthRuns = sum(bursty.truth.streams, 'lossRuns');
    expect(runs(bursty.report)).toBeLessThanOrEqual(truthRuns);
    expect(runs(bursty.report)).toBeGreaterThanOrEqual(truthRuns - bursty.truth.streams.length);
    expect(lost(bursty.report) / lost(random.report)).toBeGreaterThan(0.6);
    expect(lost(bursty.report) / lost(random.report)).toBeLessThan(1.6);
    expect(runs(bursty.report)).toBeLessThan(0.5 * runs(random.report));
    // Measured burst ratio: mean run length × (1 - loss rate), about 3.
    const rate = sum(bursty.truth.streams, 'dropped') / sum(bursty.truth.streams, 'sent');
    const burstRatio = (sum(bursty.truth.streams, 'dropped') / runs(bursty.report)) * (1 - rate);
    expect(burstRatio).toBeGreaterThan(2.3);
    expect(burstRatio).toBeLessThan(3.8);
  });

  it('2 % duplicates', async () => {
    const { truth, report } = await generateAndAnalyze({ calls: 2, durationS: 30, duplicatePercent: 2 });
    expectAgreement(report, truth.streams);
    expect(sum(truth.streams, 'duplicated')).toBeGreaterThan(20);
    for (const s of report.streams) expect(s.lost).toBeLessThanOrEqual(0); // duplicates outnumber losses
  });

  it('3 % reordering', async () => {
    const { truth, report } = await generateAndAnalyze({ calls: 2, durationS: 30, reorderPercent: 3 });
    expectAgreement(report, truth.streams);
    expect(sum(truth.streams, 'reordered')).toBeGreaterThan(40);
  });

  it('30 ms jitter (reordering through jitter included)', async () => {
    const { truth, report } = await generateAndAnalyze({ calls: 2, durationS: 30, jitterMs: 30 });
    expectAgreement(report, truth.streams);
    expect(sum(truth.streams, 'reordered')).toBeGreaterThan(0);
    for (const s of report.streams) expect(s.meanJitterMs).toBeGreaterThan(3);
  });

  it('everything combined over 10 calls, IPv4 and IPv6, every codec', async () => {
    const combined = {
      calls: 10,
      durationS: 20,
      lossPercent: 5,
      burstRatio: 2,
      duplicatePercent: 2,
      reorderPercent: 3,
      jitterMs: 30,
    };
    for (const codec of ['PCMU', 'opus']) {
      const { truth, report } = await generateAndAnalyze({ ...combined, codec });
      expectAgreement(report, truth.streams);
    }
    const v6 = await generateAndAnalyze({
      ...combined,
      codec: 'G722',
      withSip: true,
      source: { address: '2001:db8::10', port: 30_000 },
      destination: { address: '2001:db8::20', port: 50_000 },
    });
    expectAgreement(v6.report, v6.truth.streams);
    expect(v6.truth.streams[0]!.src).toBe('[2001:db8::10]:30000');
    for (const codec of ['PCMA', 'G729', 'GSM']) {
      const { truth, report } = await generateAndAnalyze({ ...combined, calls: 2, codec, seed: 5 });
      expectAgreement(report, truth.streams);
    }
  });

  it('long streams wrap their sequence numbers and still agree', async () => {
    // 1400 s = 70 000 packets per stream: every stream wraps at least once.
    const { truth, report } = await generateAndAnalyze({
      durationS: 1400,
      lossPercent: 2,
      reorderPercent: 1,
      duplicatePercent: 1,
    });
    expectAgreement(report, truth.streams);
    for (const s of truth.streams) expect(s.expected).toBeGreaterThan(65_536);
  });

  describe('with SIP', async () => {
    const calls = 4;
    const { truth, report } = await generateAndAnalyze({
      calls,
      durationS: 12,
      withSip: true,
      codec: 'opus',
      rtcpIntervalS: 2,
      lossPercent: 2,
      jitterMs: 20,
      pathDelayMs: 60,
    });

    it('agrees on every stream', () => {
      expectAgreement(report, truth.streams);
      expect(report.frames.sip).toBe(7 * calls);
    });

    it('reports one call per generated call, answered then ended, with its two streams', () => {
      expect(report.calls).toHaveLength(calls);
      for (const call of report.calls) {
        expect(call).toMatchObject({ state: 'ended', finalStatus: 200, endedBy: 'caller', messages: 7 });
        expect(call.codecs).toEqual({
          caller: ['opus', 'telephone-event'],
          callee: ['opus', 'telephone-event'],
        });
        const mine = truth.streams.filter((s) => s.callId === call.callId);
        expect(mine.map((s) => s.direction)).toEqual(['caller-to-callee', 'callee-to-caller']);
        const ids = mine.map((s) => find(report, s)!.id);
        expect([...call.streams].sort()).toEqual([...ids].sort());
        expect(call.durationSeconds).toBeGreaterThan(12);
        expect(call.setupDelayMs).toBeCloseTo(60 + 10 + 200, 0); // path, ringing, answer
      }
    });

    it('ties each stream to its call and direction, codec from SDP', () => {
      for (const t of truth.streams) {
        const s = find(report, t)!;
        expect(s).toMatchObject({
          callId: t.callId,
          direction: t.direction,
          codec: 'opus',
          codecSource: 'signalling',
          clockRate: 48_000,
          packetTimeMs: 20,
        });
      }
    });

    it('carries RTCP whose round trips match the path: the capture sits midway', () => {
      expect(report.rtcp.senderReports).toBeGreaterThan(0);
      expect(report.rtcp.sourceDescriptions).toBe(report.rtcp.senderReports);
      for (const t of truth.streams) {
        const s = find(report, t)!;
        expect(s.rtcpSenderReports).toBeGreaterThan(0);
        expect(s.rttSamples).toBeGreaterThan(0);
        // Capture point to receiver and back: half the path each way.
        expect(s.rttMs).toBeCloseTo(60, 0);
        expect(s.endToEndRttMs).toBeCloseTo(120, 0);
        expect(s.farEnd).not.toBeNull();
      }
    });
  });

  it.skipIf(!haveTshark)('tshark agrees on packets and loss', async () => {
    const { path, truth } = await generateAndAnalyze({
      calls: 3,
      durationS: 20,
      withSip: true,
      lossPercent: 5,
      burstRatio: 2,
      duplicatePercent: 2,
      reorderPercent: 3,
      jitterMs: 30,
    });
    const theirs = tsharkRtpStreams(path);
    expect(theirs).toHaveLength(truth.streams.length);
    for (const t of truth.streams) {
      const row = theirs.find((r) => r.src === t.src && r.dst === t.dst);
      expect(row).toMatchObject({ packets: t.delivered, lost: t.expected - t.delivered });
      expect(`0x${row!.ssrc.toString(16).toUpperCase().padStart(8, '0')}`).toBe(t.ssrc);
    }
  });
});
