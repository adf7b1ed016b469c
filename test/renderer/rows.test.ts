import { describe, expect, it } from 'vitest';
import { LiveHistory } from '../../renderer/src/state/live-history.ts';
import {
  arrangeRows,
  callStreamIds,
  filterTerms,
  liveTableData,
  reportTableData,
  sortStreams,
  type TableRow,
} from '../../renderer/src/state/rows.ts';
import { call, liveStream, report, second, snapshot, stream } from './fixtures.ts';

const keys = (rows: TableRow[]) => rows.map((row) => row.key);

describe('streams table rows', () => {
  const data = reportTableData(
    report(
      [
        stream(1, { callId: 'c1', direction: 'caller-to-callee', mos: 4.1 }),
        stream(2, { mos: null, rFactor: null, codec: 'telephone-event' }),
        stream(3, { callId: 'c1', direction: 'callee-to-caller', mos: 3.2 }),
        stream(4, { mos: 2.4, codec: 'G729', src: '192.168.1.9:7078' }),
      ],
      [
        call('c1', [1, 3], { from: { displayName: 'Alice <ops>', uri: 'sip:alice@example.com' } }),
        call('c2', [], {
          state: 'failed',
          from: { displayName: null, uri: 'sip:dave@example.org' },
          to: { displayName: null, uri: 'sip:carol@example.org' },
        }),
      ],
    ),
  );

  it('takes the report figures: mean jitter, overall MOS, no "now" values', () => {
    const row = data.streams[0]!;
    expect(row).toMatchObject({ id: 1, jitterMs: 1.2, mos: 4.1, ssrc: '0x00000001', codec: 'PCMU' });
    expect(row.mosNow).toBeUndefined();
  });

  it('groups a call’s streams under its header, calls without RTP last', () => {
    expect(keys(arrangeRows(data, '', { key: null, descending: false }))).toEqual([
      'c:c1',
      's:1',
      's:3',
      's:2',
      's:4',
      'c:c2',
    ]);
  });

  it('sorts by MOS with missing figures last in both directions; a group sits at its best stream', () => {
    expect(keys(arrangeRows(data, '', { key: 'mos', descending: false }))).toEqual([
      's:4',
      'c:c1',
      's:3',
      's:1',
      's:2',
      'c:c2',
    ]);
    expect(keys(arrangeRows(data, '', { key: 'mos', descending: true }))).toEqual([
      'c:c1',
      's:1',
      's:3',
      's:4',
      's:2',
      'c:c2',
    ]);
  });

  it('sorts addresses numerically', () => {
    const rows = [
      { ...data.streams[0]!, id: 1, src: '10.0.0.10:4000' },
      { ...data.streams[0]!, id: 2, src: '10.0.0.9:4000' },
    ];
    expect(sortStreams(rows, { key: 'src', descending: false }).map((r) => r.id)).toEqual([2, 1]);
  });

  it('filters on src, dst, SSRC, codec and the call’s parties, every term must match', () => {
    expect(keys(arrangeRows(data, 'g729', { key: null, descending: false }))).toEqual(['s:4']);
    expect(keys(arrangeRows(data, '0x00000002', { key: null, descending: false }))).toEqual(['s:2']);
    expect(keys(arrangeRows(data, 'alice', { key: null, descending: false }))).toEqual([
      'c:c1',
      's:1',
      's:3',
    ]);
    expect(keys(arrangeRows(data, 'ALICE 10.0.1.3', { key: null, descending: false }))).toEqual([
      'c:c1',
      's:3',
    ]);
    expect(keys(arrangeRows(data, 'carol', { key: null, descending: false }))).toEqual(['c:c2']);
    expect(arrangeRows(data, 'nothing-like-this', { key: null, descending: false })).toEqual([]);
    expect(filterTerms('  A  b ')).toEqual(['a', 'b']);
  });

  it('labels parties by display name, else URI, keeping hostile text as it is', () => {
    const header = data.calls[0]!;
    expect(header.from).toBe('Alice <ops>');
    expect(header.fromTitle).toBe('"Alice <ops>" <sip:alice@example.com>');
    expect(header.to).toBe('sip:bob@example.com');
    expect(callStreamIds(data, 'c1')).toEqual([1, 3]);
  });

  it('live rows carry the latest second beside running means', () => {
    const live = new LiveHistory();
    const first = snapshot(3, [liveStream(7, second(1, { mos: 4.4, jitterMs: 2, lossPercent: 0 }))]);
    live.ingest(first);
    const next = snapshot(4, [
      liveStream(7, second(2, { mos: 4.0, jitterMs: 4, lossPercent: 3 }), { lossPercent: 1.5 }),
    ]);
    live.ingest(next);
    const row = liveTableData(next, live).streams[0]!;
    expect(row.mos).toBeCloseTo(4.2, 5);
    expect(row.mosNow).toBe(4.0);
    expect(row.jitterMs).toBeCloseTo(3, 5);
    expect(row.jitterNow).toBe(4);
    expect(row.lossPercent).toBe(1.5);
    expect(row.lossNow).toBe(3);
  });
});
