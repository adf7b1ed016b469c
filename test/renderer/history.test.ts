import { describe, expect, it } from 'vitest';
import { FLAG_CAPTURE_LOSS, SeriesBuffer } from '../../renderer/src/state/history.ts';
import { LiveHistory } from '../../renderer/src/state/live-history.ts';
import { timelineSeries } from '../../renderer/src/state/series.ts';
import { flaggedSpans, thresholdBands, visibleRange } from '../../renderer/src/state/timeline-model.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds.ts';
import { liveStream, report, second, snapshot, stream } from './fixtures.ts';

describe('the per-stream history', () => {
  it('keeps at most its capacity, oldest dropped, growing storage as needed', () => {
    const buffer = new SeriesBuffer(3600, 4);
    for (let t = 0; t < 5000; t++) buffer.push(second(t, { mos: t % 2 ? 4 : null }), t + 0.5);
    expect(buffer.length).toBe(3600);
    expect(buffer.x(0)).toBe(1400.5);
    expect(buffer.x(3599)).toBe(4999.5);
    expect(buffer.value('mos', 3599)).toBeCloseTo(4, 5);
    expect(Number.isNaN(buffer.value('mos', 3598))).toBe(true);
  });

  it('replaces the newest second when the same t comes again', () => {
    const buffer = new SeriesBuffer(10);
    buffer.push(second(0, { jitterMs: 1 }), 0);
    buffer.push(second(0, { jitterMs: 2 }), 0);
    expect(buffer.length).toBe(1);
    expect(buffer.value('jitterMs', 0)).toBe(2);
  });

  it('gives the points of a window with one neighbour each side', () => {
    const buffer = new SeriesBuffer(100);
    for (let t = 0; t < 20; t++) buffer.push(second(t), t);
    const points = buffer.points('mos', 5, 10);
    expect(points.map((p) => p.x)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('merges flagged seconds into spans', () => {
    const buffer = new SeriesBuffer(100);
    const flags = [[], ['capture-loss'], ['capture-loss'], [], ['capture-loss', 'silence-held']];
    for (const [t, f] of flags.entries()) buffer.push(second(t, { qualityFlags: f }), 10 + t);
    expect(flaggedSpans(buffer, FLAG_CAPTURE_LOSS, 0, 100)).toEqual([
      { min: 11, max: 13 },
      { min: 14, max: 15 },
    ]);
  });

  it('live: places a stream by when its first second closed, and records codec changes and the end', () => {
    const live = new LiveHistory(5);
    live.ingest(snapshot(12, [liveStream(1, second(3))]));
    const track = live.tracks.get(1)!;
    expect(track.offset).toBe(8);
    live.ingest(snapshot(13, [liveStream(1, second(4), { codec: 'telephone-event' })]));
    live.ingest(snapshot(14, [liveStream(1, second(4), { codec: 'telephone-event', ended: true })]));
    expect(track.buffer.length).toBe(2);
    expect(track.mos.count).toBe(2);
    expect(track.events).toEqual([
      { x: 12, kind: 'codec', label: 'PCMU → telephone-event' },
      { x: 13, kind: 'end', label: 'end' },
    ]);
  });

  it('file: x is the stream’s start within the capture plus t', () => {
    const r = report([
      stream(1, {
        firstTime: '2024-01-01T00:00:02.500000Z',
        seconds: [second(0), second(1), second(2)],
        payloadTypes: [0, 101],
        payloadNames: ['PCMU', 'telephone-event'],
      }),
    ]);
    const [series] = timelineSeries([1], r, new LiveHistory());
    expect(series!.buffer.range()).toEqual({ first: 2.5, last: 4.5 });
    expect(series!.events.map((e) => e.kind)).toEqual(['start', 'codec', 'end']);
    expect(series!.events[1]!.label).toBe('PT 0 (PCMU) → 101 (telephone-event)');
  });
});

describe('the timeline window and bands', () => {
  it('follows the newest data over a fixed window, or scrolls back within the data', () => {
    expect(visibleRange({ min: 0, max: 1000 }, 300, null)).toEqual({ min: 700, max: 1000 });
    expect(visibleRange({ min: 0, max: 1000 }, 300, 500)).toEqual({ min: 200, max: 500 });
    expect(visibleRange({ min: 0, max: 1000 }, 300, 10)).toEqual({ min: 0, max: 300 });
    expect(visibleRange({ min: 0, max: 100 }, 300, null)).toEqual({ min: 0, max: 300 });
    expect(visibleRange({ min: 5, max: 100 }, null, null)).toEqual({ min: 5, max: 100 });
  });

  it('draws five bands per metric in the right direction', () => {
    const mos = thresholdBands('mos', DEFAULT_THRESHOLDS);
    expect(mos[0]).toEqual({ level: 'good', from: 4, to: Number.POSITIVE_INFINITY });
    expect(mos[4]).toEqual({ level: 'critical', from: Number.NEGATIVE_INFINITY, to: 2.5 });
    const loss = thresholdBands('lossPercent', DEFAULT_THRESHOLDS);
    expect(loss[0]).toEqual({ level: 'good', from: Number.NEGATIVE_INFINITY, to: 1 });
    expect(loss[4]).toEqual({ level: 'critical', from: 10, to: Number.POSITIVE_INFINITY });
  });
});
