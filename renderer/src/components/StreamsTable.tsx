/**
 * One row per stream direction, grouped under its call; sortable, filterable, virtualised (a few
 * dozen DOM rows whatever the stream count), with click / Ctrl+click / ↑↓ selection.
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, type ReactNode, useMemo, useRef } from 'react';
import type { ThresholdMetric, Thresholds } from '../../../shared/thresholds.ts';
import { useApp, useAppState, useTableData } from '../hooks.ts';
import { duration, fixed } from '../lib/format.ts';
import { levelClass, levelFor, type Scale } from '../lib/levels.ts';
import { arrangeRows, type CallRow, callStreamIds, type StreamRow, type TableRow } from '../state/rows.ts';
import { type ColumnKey, MAX_SELECTED, type RowKey, type Selection } from '../state/store.ts';

/** Height of a row and of the header, px (also in styles.css). */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;

interface Column {
  key: ColumnKey;
  label: string;
  title: string;
  numeric: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'src', label: 'Source', title: 'Source address:port', numeric: false },
  { key: 'dst', label: 'Destination', title: 'Destination address:port', numeric: false },
  { key: 'ssrc', label: 'SSRC', title: 'RTP synchronisation source', numeric: false },
  { key: 'codec', label: 'Codec', title: 'Encoding of the first payload type', numeric: false },
  { key: 'packets', label: 'Packets', title: 'RTP packets received', numeric: true },
  {
    key: 'loss',
    label: 'Loss %',
    title: 'Packets lost / expected (live: total, now: latest second)',
    numeric: true,
  },
  {
    key: 'jitter',
    label: 'Jitter ms',
    title: 'Mean interarrival jitter (live: mean of the seconds so far, now: latest second)',
    numeric: true,
  },
  { key: 'rtt', label: 'RTT ms', title: 'Round trip capture point ↔ receiver (RTCP)', numeric: true },
  { key: 'r', label: 'R', title: 'E-model R factor (live: mean of the seconds so far)', numeric: true },
  { key: 'mos', label: 'MOS', title: 'MOS from R (live: mean of the seconds so far)', numeric: true },
];

interface FigureCellProps {
  col: ColumnKey;
  metric: ThresholdMetric;
  value: number | null;
  now?: number | null | undefined;
  decimals: number;
  thresholds: Readonly<Thresholds>;
  scale?: Scale;
}

function FigureCell({ col, metric, value, now, decimals, thresholds, scale = null }: FigureCellProps) {
  const level = levelFor(metric, value, thresholds, scale);
  const nowLevel = now === undefined ? null : levelFor(metric, now, thresholds, scale);
  return (
    <td
      className={`cell num ${levelClass(level)}`}
      data-col={col}
      data-level={level ?? ''}
      data-value={value ?? ''}
    >
      {fixed(value, decimals)}
      {now === undefined ? null : (
        <span className={`now ${levelClass(nowLevel)}`} data-now={now ?? ''}>
          {' '}
          (now {fixed(now, decimals)})
        </span>
      )}
    </td>
  );
}

function TextCell({ col, text, className = '' }: { col: ColumnKey; text: string; className?: string }) {
  return (
    <td className={`cell text ${className}`} data-col={col} title={text}>
      {text}
    </td>
  );
}

function StreamRowView({
  row,
  grouped,
  thresholds,
}: {
  row: StreamRow;
  grouped: boolean;
  thresholds: Readonly<Thresholds>;
}) {
  return (
    <>
      <TextCell col="src" text={row.src} className={grouped ? 'indent' : ''} />
      <TextCell col="dst" text={row.dst} />
      <TextCell col="ssrc" text={row.ssrc} className="mono" />
      <TextCell col="codec" text={row.codec ?? '?'} />
      <td className="cell num" data-col="packets" data-value={row.packets}>
        {row.packets}
      </td>
      <FigureCell
        col="loss"
        metric="lossPercent"
        value={row.lossPercent}
        now={row.lossNow}
        decimals={2}
        thresholds={thresholds}
      />
      <FigureCell
        col="jitter"
        metric="jitterMs"
        value={row.jitterMs}
        now={row.jitterNow}
        decimals={2}
        thresholds={thresholds}
      />
      <FigureCell col="rtt" metric="rttMs" value={row.rttMs} decimals={1} thresholds={thresholds} />
      <FigureCell
        col="r"
        metric="rFactor"
        value={row.rFactor}
        now={row.rNow}
        decimals={2}
        thresholds={thresholds}
        scale={row.scale}
      />
      <FigureCell
        col="mos"
        metric="mos"
        value={row.mos}
        now={row.mosNow}
        decimals={2}
        thresholds={thresholds}
      />
    </>
  );
}

function CallRowView({ row, thresholds }: { row: CallRow; thresholds: Readonly<Thresholds> }) {
  const level = levelFor('mos', row.minMos, thresholds);
  return (
    <td
      className="cell call-cell"
      colSpan={COLUMNS.length}
      data-col="call"
      title={`${row.fromTitle} → ${row.toTitle}\nCall-ID ${row.callId}`}
    >
      <span className="party">{row.from}</span>
      <span className="arrow">→</span>
      <span className="party">{row.to}</span>
      <span className={`call-state state-${row.state}`}>{row.state}</span>
      <span className="num">{duration(row.durationSeconds)}</span>
      {row.minMos !== null ? (
        <span className={`num ${levelClass(level)}`} title="Lowest per-second MOS of either direction">
          min MOS {fixed(row.minMos, 2)}
        </span>
      ) : null}
      {row.streamIds.length === 0 ? <span className="muted">no RTP</span> : null}
    </td>
  );
}

export interface StreamsTableProps {
  filterRef: React.RefObject<HTMLInputElement | null>;
  /** Shown in place of the rows when there is nothing at all (no stream, no call). */
  empty: ReactNode;
}

export function StreamsTable({ filterRef, empty }: StreamsTableProps) {
  const { store } = useApp();
  const state = useAppState();
  const { filterText, sort, selection, thresholds } = state;
  const data = useTableData(state);
  const rows = useMemo(() => arrangeRows(data, filterText, sort), [data, filterText, sort]);
  const rowIndex = useMemo(() => new Map(rows.map((row, index) => [row.key, index])), [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header sits in the same scroller, above the rows.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const selectedIds = useMemo(() => new Set(selection.streamIds), [selection.streamIds]);
  const callIds = useMemo(() => new Set(data.calls.map((call) => call.callId)), [data.calls]);

  const selectionOf = (row: TableRow, toggle: boolean): Selection => {
    if (row.kind === 'call') {
      return { streamIds: callStreamIds(data, row.callId), callId: row.callId, anchor: row.key };
    }
    if (toggle && selection.callId === null) {
      const ids = selectedIds.has(row.id)
        ? selection.streamIds.filter((id) => id !== row.id)
        : [...selection.streamIds, row.id].slice(-MAX_SELECTED);
      return { streamIds: ids, callId: null, anchor: row.key };
    }
    return { streamIds: [row.id], callId: null, anchor: row.key };
  };

  const select = (row: TableRow, toggle = false) =>
    store.dispatch({ type: 'select', selection: selectionOf(row, toggle) });

  // One click handler for all rows (delegated): rows come and go as the list scrolls.
  const onClick = (event: MouseEvent<HTMLTableElement>) => {
    const element = (event.target as Element).closest('tr[data-row-key]');
    const key = element?.getAttribute('data-row-key');
    const index = key === null || key === undefined ? undefined : rowIndex.get(key as RowKey);
    const row = index === undefined ? undefined : rows[index];
    if (row !== undefined) select(row, event.ctrlKey || event.metaKey);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (rows.length === 0 || event.target !== event.currentTarget) return;
    const current = selection.anchor === null ? -1 : (rowIndex.get(selection.anchor) ?? -1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : Math.min(rows.length - 1, current + 1);
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : Math.max(0, current - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'PageDown':
        next = Math.min(rows.length - 1, Math.max(0, current) + 20);
        break;
      case 'PageUp':
        next = Math.max(0, current - 20);
        break;
      default:
        return;
    }
    event.preventDefault();
    const row = rows[next];
    if (row === undefined) return;
    select(row);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const sortBy = (key: ColumnKey) => store.dispatch({ type: 'sort', key });
  const streamCount = data.streams.length;
  const shown = rows.reduce((n, row) => n + (row.kind === 'stream' ? 1 : 0), 0);

  let body: ReactNode;
  if (streamCount === 0 && data.calls.length === 0) {
    body = (
      <tr className="message-row">
        <td colSpan={COLUMNS.length}>{empty}</td>
      </tr>
    );
  } else if (rows.length === 0) {
    body = (
      <tr className="message-row">
        <td colSpan={COLUMNS.length} className="no-match" data-testid="no-match">
          No stream matches “{filterText}”.
        </td>
      </tr>
    );
  } else {
    const margin = virtualizer.options.scrollMargin;
    body = virtualizer.getVirtualItems().map((item) => {
      const row = rows[item.index];
      if (row === undefined) return null;
      const transform = `translateY(${item.start - margin}px)`;
      if (row.kind === 'call') {
        const selected = selection.callId === row.callId;
        return (
          <tr
            key={row.key}
            aria-selected={selected}
            data-row-key={row.key}
            data-testid="call-row"
            data-call-id={row.callId}
            data-selected={selected}
            className={`row call-row${selected ? ' selected' : ''}`}
            style={{ transform }}
          >
            <CallRowView row={row} thresholds={thresholds} />
          </tr>
        );
      }
      const selected = selectedIds.has(row.id);
      const grouped = row.callId !== null && callIds.has(row.callId);
      return (
        <tr
          key={row.key}
          aria-selected={selected}
          data-row-key={row.key}
          data-testid="stream-row"
          data-stream-id={row.id}
          data-call-id={row.callId ?? undefined}
          data-selected={selected}
          className={`row stream-row streams-cols${item.index % 2 === 1 ? ' odd' : ''}${selected ? ' selected' : ''}${
            row.ended ? ' ended' : ''
          }${row.flags.includes('capture-loss') ? ' capture-loss' : ''}`}
          style={{ transform }}
        >
          <StreamRowView row={row} grouped={grouped} thresholds={thresholds} />
        </tr>
      );
    });
  }

  return (
    <section className="streams panel" aria-label="Streams">
      <div className="toolbar">
        <input
          ref={filterRef}
          id="stream-filter"
          data-testid="stream-filter"
          type="search"
          spellCheck={false}
          placeholder="Filter  /   address, SSRC, codec, party"
          value={filterText}
          onChange={(event) => store.dispatch({ type: 'filter', text: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              store.dispatch({ type: 'filter', text: '' });
              event.currentTarget.blur();
            } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
              event.preventDefault();
              tableRef.current?.focus();
            }
          }}
        />
        <span className="muted num" data-testid="stream-count" data-shown={shown} data-total={streamCount}>
          {shown === streamCount ? `${streamCount} streams` : `${shown} of ${streamCount} streams`}
          {data.calls.length > 0 ? ` · ${data.calls.length} calls` : ''}
        </span>
      </div>
      <div ref={scrollRef} className="grid-scroll">
        <table
          ref={tableRef}
          className="grid"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: <table role="grid"> is the WAI-ARIA data grid pattern (keyboard row selection)
          role="grid"
          data-testid="streams-table"
          aria-rowcount={rows.length}
          aria-multiselectable
          aria-label="Streams: ↑/↓ select, Ctrl+click adds to the timeline"
          tabIndex={0}
          onKeyDown={onKeyDown}
          onClick={onClick}
        >
          <thead className="grid-header">
            <tr className="streams-cols">
              {COLUMNS.map((column) => {
                const active = sort.key === column.key;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    data-col={column.key}
                    data-testid="col-header"
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                    className={`cell${column.numeric ? ' num' : ''}${active ? ' sorted' : ''}`}
                    title={`${column.title}. Click (or Enter) to sort.`}
                  >
                    <button type="button" className="sort" onClick={() => sortBy(column.key)}>
                      {column.label}
                      {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody
            className="grid-canvas"
            style={rows.length > 0 ? { height: `${virtualizer.getTotalSize()}px` } : undefined}
          >
            {body}
          </tbody>
        </table>
      </div>
    </section>
  );
}
