/**
 * CSV export of an analysis: one summary row per stream and one row per stream per second. Headers
 * carry units. Every text cell is neutralised against spreadsheet formula injection (OWASP: a cell
 * starting with = + - @ tab or carriage return is prefixed with a single quote).
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { AnalysisReport, StreamReport } from '../../../shared/analysis.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** File names written into the export folder. */
export const CSV_FILES = { streams: 'streams.csv', seconds: 'seconds.csv' } as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe for spreadsheets. */
export function neutralizeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

type Cell = string | number | null;

function cell(value: Cell): Cell {
  return typeof value === 'string' ? neutralizeCell(value) : value;
}

const STREAM_COLUMNS: [string, (s: StreamReport) => Cell][] = [
  ['src', (s) => s.src],
  ['dst', (s) => s.dst],
  ['ssrc', (s) => s.ssrc],
  ['payload_type', (s) => s.payloadType],
  ['codec', (s) => s.codec],
  ['clock_rate_hz', (s) => s.clockRate],
  ['first_time_utc', (s) => s.firstTime],
  ['last_time_utc', (s) => s.lastTime],
  ['duration_s', (s) => s.durationSeconds],
  ['packets', (s) => s.packets],
  ['expected', (s) => s.expected],
  ['lost', (s) => s.lost],
  ['loss_percent', (s) => s.lossPercent],
  ['duplicates', (s) => s.duplicates],
  ['out_of_order', (s) => s.outOfOrder],
  ['sequence_errors', (s) => s.sequenceErrors],
  ['max_delta_ms', (s) => s.maxDeltaMs],
  ['mean_jitter_ms', (s) => s.meanJitterMs],
  ['max_jitter_ms', (s) => s.maxJitterMs],
  ['bitrate_kbps', (s) => s.bitrateKbps],
  ['rtt_ms', (s) => s.rttMs],
  ['rtt_samples', (s) => s.rttSamples],
  ['end_to_end_rtt_ms', (s) => s.endToEndRttMs],
  ['end_to_end_rtt_legs', (s) => s.endToEndRttLegs],
];

const SECOND_COLUMNS = [
  'src',
  'dst',
  'ssrc',
  't_s',
  'packets',
  'expected',
  'lost',
  'loss_percent',
  'jitter_ms',
  'max_jitter_ms',
  'max_delta_ms',
  'bitrate_kbps',
  'rtt_ms',
];

/** The summary CSV text: a header and one row per stream. */
export function streamsCsv(report: AnalysisReport): string {
  const rows = report.streams.map((s) => STREAM_COLUMNS.map(([, get]) => cell(get(s))));
  return stringify([STREAM_COLUMNS.map(([name]) => name), ...rows]);
}

/** The per-second CSV text: a header and one row per stream per second. */
export function secondsCsv(report: AnalysisReport): string {
  const rows: Cell[][] = [SECOND_COLUMNS];
  for (const s of report.streams) {
    for (const w of s.seconds) {
      rows.push(
        ([s.src, s.dst, s.ssrc, w.t, w.packets, w.expected, w.lost, w.lossPercent] as Cell[])
          .concat([w.jitterMs, w.maxJitterMs, w.maxDeltaMs, w.bitrateKbps, w.rttMs])
          .map(cell),
      );
    }
  }
  return stringify(rows);
}

/** Writes both CSV files into `folder` (created if missing), each atomically. Returns their paths. */
export async function writeCsvReport(report: AnalysisReport, folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const streamsPath = join(folder, CSV_FILES.streams);
  const secondsPath = join(folder, CSV_FILES.seconds);
  await writeFileAtomic(streamsPath, streamsCsv(report));
  await writeFileAtomic(secondsPath, secondsCsv(report));
  return [streamsPath, secondsPath];
}
