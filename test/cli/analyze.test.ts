import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../shared/analysis.ts';
import { regularStream, rtpCapture } from '../helpers/pcap-builder.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempFile, tempFolder } from '../helpers/temp-files.ts';

const capture = rtpCapture(
  [
    ...regularStream(120, { ssrc: 0xdeadbeef }),
    ...regularStream(60, { ssrc: 0x01, payloadType: 8 }).map((p) => ({
      ...p,
      src: ['2001:db8::1', 6000] as [string, number],
    })),
  ].filter((p) => !p.src),
);

describe('callscope analyze', () => {
  const file = tempFile('call.pcap', capture);

  it('prints one table row per stream and the frame counts', () => {
    const { status, stdout, stderr } = runCli(['analyze', file]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/192\.0\.2\.1:40000\s+192\.0\.2\.2:50000\s+0xDEADBEEF\s+PCMU \(0\)\s+120\s+0/);
    expect(stdout).toMatch(/Frames: 120 read, 120 RTP, 0 RTCP, 0 SIP, 0 skipped, 0 malformed/);
  });

  it('--json prints the documented fields with their formats', () => {
    const { status, stdout } = runCli(['analyze', file, '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as AnalysisReport;
    expect(report.file).toBe(file);
    expect(report.packets).toBe(120);
    const [stream] = report.streams;
    expect(stream).toMatchObject({
      ssrc: '0xDEADBEEF',
      src: '192.0.2.1:40000',
      dst: '192.0.2.2:50000',
      payloadType: 0,
      codec: 'PCMU',
      clockRate: 8000,
      packets: 120,
      expected: 120,
      lost: 0,
      lossPercent: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
    expect(stream!.ssrc).toMatch(/^0x[0-9A-F]{8}$/);
    expect(stream!.firstTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(stream!.firstTime).toBe('2023-11-14T22:13:20.000000Z');
    expect(stream!.lastTime).toBe('2023-11-14T22:13:22.380000Z');
    for (const key of ['maxDeltaMs', 'meanJitterMs', 'maxJitterMs'] as const) {
      expect(typeof stream![key]).toBe('number');
    }
    expect(stream!.seconds.map((w) => w.t)).toEqual([0, 1, 2]);
    expect(Object.keys(stream!.seconds[0]!).sort()).toEqual(
      [
        'bitrateKbps',
        'discards',
        'expected',
        'impairments',
        'jitterMs',
        'lossPercent',
        'lost',
        'maxDeltaMs',
        'maxJitterMs',
        'mos',
        'packets',
        'qualityFlags',
        'qualityLevel',
        'rFactor',
        'rttMs',
        'scale',
        't',
      ].sort(),
    );
    // G.711 without loss, no RTCP: Ta = 20 ms packetisation + 20 ms jitter buffer (no network delay known).
    expect(stream!.seconds[1]).toMatchObject({ qualityLevel: 'good', scale: 'narrowband' });
    expect(stream!.mos!).toBeGreaterThan(4.3);
    expect(stream!.qualityFlags).toContain('rtt-assumed');
    expect(report.calls).toEqual([]);
  });

  it('--csv writes the three files atomically, with units in the headers', () => {
    const folder = join(tempFolder(), 'export');
    const { status } = runCli(['analyze', file, '--csv', folder]);
    expect(status).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['calls.csv', 'seconds.csv', 'streams.csv']);
    const streams = readFileSync(join(folder, 'streams.csv'), 'utf8').split('\n');
    expect(streams[0]).toContain('max_jitter_ms');
    expect(streams[0]).toContain('loss_percent');
    expect(streams[1]).toMatch(/^192\.0\.2\.1:40000,192\.0\.2\.2:50000,0xDEADBEEF,0,PCMU,8000,/);
    const seconds = readFileSync(join(folder, 'seconds.csv'), 'utf8').trim().split('\n');
    expect(seconds[0]).toBe(
      'src,dst,ssrc,t_s,packets,expected,lost,loss_percent,jitter_ms,max_jitter_ms,max_delta_ms,bitrate_kbps,rtt_ms,' +
        'discards,r_factor,mos,quality_level,mos_scale,dominant_impairment,quality_flags',
    );
    expect(seconds).toHaveLength(1 + 3);
  });

  it('a damaged file: exit 1, one line on stderr naming the offset, results up to it still printed', () => {
    const bytes = rtpCapture(regularStream(50));
    const cut = tempFile('cut.pcap', bytes.slice(0, bytes.length - 100));
    const { status, stdout, stderr } = runCli(['analyze', cut, '--json']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/offset \d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(stdout) as AnalysisReport;
    expect(report.streams[0]!.packets).toBe(49);
    expect(report.error).toMatch(/offset/);
  });

  it('not a capture file, or no such file: exit 1 with one line', () => {
    const text = tempFile('notes.txt', new TextEncoder().encode('hello, this is not a capture\n'));
    for (const path of [text, join(tempFolder(), 'missing.pcap')]) {
      const { status, stderr } = runCli(['analyze', path]);
      expect(status).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(path);
    }
  });

  it('wrong usage exits 2', () => {
    expect(runCli(['analyze']).status).toBe(2);
    expect(runCli(['analyze', file, '--bogus']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
    const badPort = runCli(['analyze', file, '--decode-as', 'tcp:80']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--decode-as expects udp:PORT/);
  });

  it('--help exits 0 and lists the analyze options', () => {
    const { status, stdout } = runCli(['analyze', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('--decode-as');
    expect(stdout).toContain('--csv');
  });
});
