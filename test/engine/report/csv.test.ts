import { describe, expect, it } from 'vitest';
import { neutralizeCell, secondsCsv, streamsCsv } from '../../../electron/engine/report/csv.ts';
import { emptyRtcpCounts } from '../../../electron/engine/track/rtcp-tally.ts';
import type { AnalysisReport } from '../../../shared/analysis.ts';

describe('neutralizeCell (spreadsheet formula injection)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['PCMU', 'PCMU'],
    ['[2001:db8::1]:5004', '[2001:db8::1]:5004'],
    ['', ''],
  ])('%j -> %j', (input, output) => {
    expect(neutralizeCell(input)).toBe(output);
  });
});

const report = (codec: string): AnalysisReport => ({
  file: 'x.pcap',
  format: 'pcap',
  packets: 1,
  firstTime: null,
  lastTime: null,
  frames: { read: 1, rtp: 1, rtcp: 0, skipped: {}, malformed: 0 },
  rtcp: emptyRtcpCounts(),

  error: null,
  streams: [
    {
      ssrc: '0x00000001',
      src: '192.0.2.1:1000',
      dst: '192.0.2.2:2000',
      payloadType: 96,
      payloadTypes: [96],
      codec,
      clockRate: null,
      packets: 3,
      expected: 4,
      lost: -1,
      lossPercent: 0,
      duplicates: 2,
      outOfOrder: 0,
      sequenceErrors: 1,
      timestampErrors: 0,
      payloadChanges: 0,
      maxDeltaMs: 20,
      meanJitterMs: null,
      maxJitterMs: null,
      jitterMs: null,
      bitrateKbps: 80,
      firstTime: '2023-11-14T22:13:20.000000Z',
      lastTime: '2023-11-14T22:13:20.040000Z',
      durationSeconds: 0.04,
      rtcpSenderReports: 0,
      rtcpReportBlocks: 0,
      seconds: [
        {
          t: 0,
          packets: 3,
          expected: 4,
          lost: -1,
          lossPercent: 0,
          jitterMs: null,
          maxJitterMs: null,
          maxDeltaMs: 20,
          bitrateKbps: 4.8,
        },
      ],
    },
  ],
});

describe('CSV text', () => {
  it('neutralises text cells but leaves numbers (a negative loss stays a number)', () => {
    const text = streamsCsv(report('=cmd|"/c calc"!A1'));
    const row = text.split('\n')[1]!;
    expect(row).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(row).toContain(',-1,');
  });

  it('writes empty cells for unknown figures and one row per stream per second', () => {
    const lines = secondsCsv(report('PCMU')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('192.0.2.1:1000,192.0.2.2:2000,0x00000001,0,3,4,-1,0,,,20,4.8');
  });
});
