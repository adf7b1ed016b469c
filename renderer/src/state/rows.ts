/**
 * Rows of the streams table: built from the report (file, or a stopped capture) or from the live
 * snapshot, then filtered, sorted and grouped under their calls. Pure (no DOM).
 */

import type { AnalysisReport, CallParticipant, CallReport } from '../../../shared/analysis.ts';
import type { LiveSnapshot } from '../../../shared/snapshot.ts';
import { isoToSeconds } from '../lib/format.ts';
import type { Scale } from '../lib/levels.ts';
import { type LiveHistory, meanOf } from './live-history.ts';
import type { ColumnKey, RowKey, SortState } from './store.ts';

/** One stream direction. Live rows carry the current second's figures in the `…Now` fields. */
export interface StreamRow {
  kind: 'stream';
  key: RowKey;
  id: number;
  callId: string | null;
  direction: 'caller-to-callee' | 'callee-to-caller' | null;
  src: string;
  dst: string;
  ssrc: string;
  codec: string | null;
  packets: number;
  lossPercent: number;
  /** Jitter over the stream: the report's mean, or live the mean of the seconds so far, ms. */
  jitterMs: number | null;
  rttMs: number | null;
  rFactor: number | null;
  mos: number | null;
  scale: Scale;
  /** Live only (undefined for a report): the latest second's figures. */
  lossNow?: number | null;
  jitterNow?: number | null;
  rNow?: number | null;
  mosNow?: number | null;
  ended: boolean;
  flags: readonly string[];
  /** Lower-case text the filter searches (src, dst, ssrc, codec). */
  search: string;
}

/** A call header. */
export interface CallRow {
  kind: 'call';
  key: RowKey;
  callId: string;
  /** Display name, else URI. */
  from: string;
  to: string;
  /** Full party as sent, for the tooltip. */
  fromTitle: string;
  toTitle: string;
  state: string;
  durationSeconds: number | null;
  streamIds: number[];
  /** Lowest per-second MOS of either direction, or null. */
  minMos: number | null;
  /** Lower-case text the filter searches (parties, Call-ID). */
  search: string;
}

export type TableRow = StreamRow | CallRow;

/** What the table shows before filtering and sorting. */
export interface TableData {
  streams: StreamRow[];
  calls: CallRow[];
}

export function partyLabel(party: CallParticipant): string {
  return party.displayName !== null && party.displayName.trim() !== '' ? party.displayName : party.uri;
}

export function partyTitle(party: CallParticipant): string {
  return party.displayName !== null && party.displayName !== ''
    ? `"${party.displayName}" <${party.uri}>`
    : party.uri;
}

const minOf = (...values: (number | null | undefined)[]): number | null => {
  let min: number | null = null;
  for (const value of values)
    if (value !== null && value !== undefined && (min === null || value < min)) min = value;
  return min;
};

function callRow(call: CallReport, nowSeconds: number | null): CallRow {
  let durationSeconds = call.durationSeconds;
  if (durationSeconds === null && call.endTime === null && nowSeconds !== null) {
    // Still talking: answered until now.
    const answer = isoToSeconds(call.answerTime);
    if (answer !== null) durationSeconds = Math.max(0, nowSeconds - answer);
  }
  const from = partyLabel(call.from);
  const to = partyLabel(call.to);
  return {
    kind: 'call',
    key: `c:${call.callId}`,
    callId: call.callId,
    from,
    to,
    fromTitle: partyTitle(call.from),
    toTitle: partyTitle(call.to),
    state: call.state,
    durationSeconds,
    streamIds: [...call.streams],
    minMos: minOf(call.quality.callerToCallee?.minMos, call.quality.calleeToCaller?.minMos),
    search: [call.from.displayName ?? '', call.from.uri, call.to.displayName ?? '', call.to.uri, call.callId]
      .join('\n')
      .toLowerCase(),
  };
}

const searchText = (src: string, dst: string, ssrc: string, codec: string | null) =>
  `${src}\n${dst}\n${ssrc}\n${codec ?? ''}`.toLowerCase();

/** Rows of a report: each stream's overall figures. */
export function reportTableData(report: AnalysisReport): TableData {
  const streams = report.streams.map(
    (stream): StreamRow => ({
      kind: 'stream',
      key: `s:${stream.id}`,
      id: stream.id,
      callId: stream.callId,
      direction: stream.direction,
      src: stream.src,
      dst: stream.dst,
      ssrc: stream.ssrc,
      codec: stream.codec,
      packets: stream.packets,
      lossPercent: stream.lossPercent,
      jitterMs: stream.meanJitterMs ?? stream.jitterMs,
      rttMs: stream.rttMs,
      rFactor: stream.rFactor,
      mos: stream.mos,
      scale: stream.scale,
      ended: true,
      flags: stream.qualityFlags,
      search: searchText(stream.src, stream.dst, stream.ssrc, stream.codec),
    }),
  );
  const now = isoToSeconds(report.lastTime);
  return { streams, calls: report.calls.map((call) => callRow(call, now)) };
}

/** Rows of a live capture: totals and running means beside the latest second. */
export function liveTableData(snapshot: LiveSnapshot, live: LiveHistory): TableData {
  const streams = snapshot.streams.map((stream): StreamRow => {
    const track = live.tracks.get(stream.id);
    const second = stream.second;
    return {
      kind: 'stream',
      key: `s:${stream.id}`,
      id: stream.id,
      callId: stream.callId,
      direction: stream.direction,
      src: stream.src,
      dst: stream.dst,
      ssrc: stream.ssrc,
      codec: stream.codec,
      packets: stream.packets,
      lossPercent: stream.lossPercent,
      jitterMs: track === undefined ? (second?.jitterMs ?? null) : meanOf(track.jitterMs),
      rttMs: second?.rttMs ?? null,
      rFactor: track === undefined ? (second?.rFactor ?? null) : meanOf(track.rFactor),
      mos: track === undefined ? (second?.mos ?? null) : meanOf(track.mos),
      scale: second?.scale ?? null,
      lossNow: second?.lossPercent ?? null,
      jitterNow: second?.jitterMs ?? null,
      rNow: second?.rFactor ?? null,
      mosNow: second?.mos ?? null,
      ended: stream.ended,
      flags: second?.qualityFlags ?? [],
      search: searchText(stream.src, stream.dst, stream.ssrc, stream.codec),
    };
  });
  return { streams, calls: snapshot.calls.map((call) => callRow(call, isoToSeconds(snapshot.time))) };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The sort value of a stream in a column. */
function sortValue(row: StreamRow, key: ColumnKey): string | number | null {
  switch (key) {
    case 'src':
      return row.src;
    case 'dst':
      return row.dst;
    case 'ssrc':
      return row.ssrc;
    case 'codec':
      return row.codec;
    case 'packets':
      return row.packets;
    case 'loss':
      return row.lossPercent;
    case 'jitter':
      return row.jitterMs;
    case 'rtt':
      return row.rttMs;
    case 'r':
      return row.rFactor;
    case 'mos':
      return row.mos;
    default:
      return null;
  }
}

/** Sorts streams by a column (missing figures last in either direction; ties by id). */
export function sortStreams(streams: readonly StreamRow[], sort: SortState): StreamRow[] {
  const key = sort.key;
  const sign = sort.descending ? -1 : 1;
  return [...streams].sort((a, b) => {
    if (key === null) return a.id - b.id;
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const missingA = va === null || (typeof va === 'number' && Number.isNaN(va));
    const missingB = vb === null || (typeof vb === 'number' && Number.isNaN(vb));
    if (missingA || missingB) return missingA === missingB ? a.id - b.id : missingA ? 1 : -1;
    const order =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return order === 0 ? a.id - b.id : sign * order;
  });
}

/** The filter's terms: whitespace-separated, lower case; a row must contain every one. */
export function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

const matches = (haystack: string, terms: readonly string[]) =>
  terms.every((term) => haystack.includes(term));

/**
 * The table's rows in display order: streams matching the filter (in their own text or their
 * call's parties), sorted, each call's streams together under its header at the position of its
 * first stream; calls without RTP at the end.
 */
export function arrangeRows(data: TableData, filterText: string, sort: SortState): TableRow[] {
  const terms = filterTerms(filterText);
  const calls = new Map(data.calls.map((call) => [call.callId, call]));
  const visible =
    terms.length === 0
      ? data.streams
      : data.streams.filter((stream) => {
          const call = stream.callId === null ? undefined : calls.get(stream.callId);
          return matches(call === undefined ? stream.search : `${stream.search}\n${call.search}`, terms);
        });
  const sorted = sortStreams(visible, sort);
  const byCall = new Map<string, StreamRow[]>();
  for (const stream of sorted) {
    if (stream.callId === null || !calls.has(stream.callId)) continue;
    const group = byCall.get(stream.callId);
    if (group === undefined) byCall.set(stream.callId, [stream]);
    else group.push(stream);
  }
  const rows: TableRow[] = [];
  const emitted = new Set<string>();
  for (const stream of sorted) {
    const call = stream.callId === null ? undefined : calls.get(stream.callId);
    if (call === undefined) {
      rows.push(stream);
      continue;
    }
    if (emitted.has(call.callId)) continue;
    emitted.add(call.callId);
    rows.push(call, ...(byCall.get(call.callId) ?? []));
  }
  const streamIds = new Set(data.streams.map((stream) => stream.id));
  for (const call of data.calls) {
    if (emitted.has(call.callId) || call.streamIds.some((id) => streamIds.has(id))) continue;
    if (terms.length === 0 || matches(call.search, terms)) rows.push(call);
  }
  return rows;
}

/** The stream ids a row stands for. */
export function rowStreamIds(row: TableRow): number[] {
  return row.kind === 'stream' ? [row.id] : row.streamIds;
}

/** The streams of a call: those it lists and those that name it. */
export function callStreamIds(data: TableData, callId: string): number[] {
  const ids = new Set(data.calls.find((call) => call.callId === callId)?.streamIds ?? []);
  for (const stream of data.streams) if (stream.callId === callId) ids.add(stream.id);
  return [...ids].sort((a, b) => a - b);
}
