import { describe, expect, it } from 'vitest';
import { Analyzer, TICK_GRACE_MS } from '../../electron/engine/analyzer.ts';
import { readCaptureFile } from '../../electron/engine/source/capture-file.ts';
import { regularStream, rtpCapture } from '../helpers/pcap-builder.ts';
import { tempFile } from '../helpers/temp-files.ts';

const T0 = 1_700_000_000;

async function fed(analyzer: Analyzer, seconds: number, time0 = T0, seq0 = 1000): Promise<void> {
  const file = tempFile(
    'tick.pcap',
    rtpCapture(regularStream(seconds * 50, { time0, seq0, ts0: seq0 * 160 })),
  );
  await readCaptureFile(file, analyzer.onFrame);
}

describe('Analyzer.tick (live capture clock)', () => {
  it('closes the seconds of a silent stream as time passes, without packets', async () => {
    const analyzer = new Analyzer();
    await fed(analyzer, 2);
    const stream = analyzer.streams[0]!;
    expect(stream.windows!.closed).toHaveLength(1);
    analyzer.tick(T0 + 5, 0);
    // Seconds 1..3 closed (4 is still open: it ends at 5 s, and the tick keeps a grace of TICK_GRACE_MS).
    expect(stream.windows!.closed.map((w) => w.packets)).toEqual([50, 50, 0, 0]);
    expect(TICK_GRACE_MS).toBeGreaterThan(0);
    expect(stream.ended).toBe(false);
  });

  it('ends a stream silent past the idle timeout, and resumes it when packets come back', async () => {
    const analyzer = new Analyzer({ idleTimeoutS: 3 });
    await fed(analyzer, 2);
    const stream = analyzer.streams[0]!;
    analyzer.tick(T0 + 6, 0);
    expect(stream.ended).toBe(true);
    const closedAtEnd = stream.windows!.closed.length;
    analyzer.tick(T0 + 10, 0);
    expect(stream.windows!.closed.length).toBe(closedAtEnd); // an ended stream stops growing
    await fed(analyzer, 1, T0 + 12, 1100);
    expect(stream.ended).toBe(false);
    expect(stream.stats.packets).toBe(150);
    analyzer.finish();
    expect(stream.windows!.closed.at(-1)!.packets).toBe(50);
  });

  it('does nothing before the first frame', () => {
    const analyzer = new Analyzer();
    analyzer.tick(T0, 0);
    expect(analyzer.streams).toHaveLength(0);
  });

  it('flags the next second of active streams when the capture dropped packets', async () => {
    const analyzer = new Analyzer();
    await fed(analyzer, 3);
    analyzer.flagCaptureLoss();
    analyzer.tick(T0 + 4, 500_000_000);
    const seconds = analyzer.streams[0]!.windows!.closed;
    // The tick closed seconds 2 and 3: both are flagged, the earlier ones are not.
    expect(seconds.map((w) => w.qualityFlags.includes('capture-loss'))).toEqual([false, false, true, true]);
    expect(analyzer.streams[0]!.captureLossSeconds).toBe(2);
    analyzer.tick(T0 + 5, 500_000_000);
    expect(seconds.at(-1)!.qualityFlags).not.toContain('capture-loss');
  });
});
