import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../electron/engine/analyze-file.ts';
import { regularStream, rtpCapture } from '../../helpers/pcap-builder.ts';
import { tempFile } from '../../helpers/temp-files.ts';

describe('per-second windows', () => {
  it('cuts a stream into seconds from its first packet, with loss where the gap shows', async () => {
    // 150 packets (3 s at 50 pkt/s); drop seq 1060 and 1061 (second 1) and 1120 (second 2).
    const specs = regularStream(150, { seq0: 1000 }).filter((p) => ![1060, 1061, 1120].includes(p.seq));
    const report = await analyzeFile(tempFile('loss.pcap', rtpCapture(specs)));
    const [stream] = report.streams;
    expect(stream?.seconds.map((w) => [w.t, w.packets, w.expected, w.lost])).toEqual([
      [0, 50, 50, 0],
      [1, 48, 50, 2],
      [2, 49, 50, 1],
    ]);
    expect(stream!.seconds[1]!.lossPercent).toBeCloseTo(4, 10);
    // 50 packets of (172 RTP + 28 IP/UDP) bytes in one second = 80 kbit/s.
    expect(stream!.seconds[0]!.bitrateKbps).toBeCloseTo(80, 10);
    expect(stream!.seconds[0]!.maxDeltaMs).toBeCloseTo(20, 3);
  });

  it('keeps silent seconds, with no packets and no jitter', async () => {
    const first = regularStream(10, { seq0: 1 });
    const later = regularStream(10, { seq0: 11, ts0: 160_000 + 10 * 160, time0: 1_700_000_003.5 });
    const report = await analyzeFile(tempFile('gap.pcap', rtpCapture([...first, ...later])));
    const seconds = report.streams[0]!.seconds;
    expect(seconds.map((w) => w.packets)).toEqual([10, 0, 0, 10]);
    expect(seconds[1]!.jitterMs).toBeNull();
    expect(seconds[1]!.maxDeltaMs).toBeNull();
    expect(seconds[1]!.lossPercent).toBe(0);
    expect(seconds[3]!.maxDeltaMs).toBeCloseTo(3320, 3);
  });
});
