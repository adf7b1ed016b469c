/**
 * CSV export of an analysis: one summary row per stream and one row per stream per second. Headers
 * carry units. Every text cell is neutralised against spreadsheet formula injection (OWASP: a cell
 * starting with = + - @ tab or carriage return is prefixed with a single quote).
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { AnalysisReport, CallReport, StreamReport } from '../../../shared/analysis.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** File names written into the export folder. */
export const CSV_FILES = { streams: 'streams.csv', seconds: 'seconds.csv', calls: 'calls.csv' } as const;

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
  ['discards', (s) => s.discards],
  ['r_factor', (s) => s.rFactor],
  ['mos', (s) => s.mos],
  ['quality_level', (s) => s.qualityLevel],
  ['mos_scale', (s) => s.scale],
  ['min_mos', (s) => s.minMos],
  ['mean_mos', (s) => s.meanMos],
  ['ta_ms', (s) => s.taMs],
  ['delay_r_points', (s) => s.impairments?.delay ?? null],
  ['codec_r_points', (s) => s.impairments?.codec ?? null],
  ['network_loss_r_points', (s) => s.impairments?.networkLoss ?? null],
  ['discards_r_points', (s) => s.impairments?.jitterBufferDiscards ?? null],
  ['dominant_impairment', (s) => s.impairments?.dominant ?? null],
  ['quality_flags', (s) => s.qualityFlags.join(' ')],
  ['call_id', (s) => s.callId],
  ['direction', (s) => s.direction],
];

const CALL_COLUMNS: [string, (c: CallReport, streams: readonly StreamReport[]) => Cell][] = [
  ['call_id', (c) => c.callId],
  ['from_name', (c) => c.from.displayName],
  ['from_uri', (c) => c.from.uri],
  ['to_name', (c) => c.to.displayName],
  ['to_uri', (c) => c.to.uri],
  ['state', (c) => c.state],
  ['final_status', (c) => c.finalStatus],
  ['final_reason', (c) => c.finalReason],
  ['invite_time_utc', (c) => c.inviteTime],
  ['ringing_time_utc', (c) => c.ringingTime],
  ['answer_time_utc', (c) => c.answerTime],
  ['end_time_utc', (c) => c.endTime],
  ['post_dial_delay_ms', (c) => c.postDialDelayMs],
  ['setup_delay_ms', (c) => c.setupDelayMs],
  ['duration_s', (c) => c.durationSeconds],
  ['ended_by', (c) => c.endedBy],
  ['held', (c) => (c.held ? 'yes' : 'no')],
  ['streams', (c) => c.streams.join(' ')],
  ['caller_to_callee_min_mos', (c) => c.quality.callerToCallee?.minMos ?? null],
  ['caller_to_callee_mean_mos', (c) => c.quality.callerToCallee?.meanMos ?? null],
  ['callee_to_caller_min_mos', (c) => c.quality.calleeToCaller?.minMos ?? null],
  ['callee_to_caller_mean_mos', (c) => c.quality.calleeToCaller?.meanMos ?? null],
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
  'discards',
  'r_factor',
  'mos',
  'quality_level',
  'mos_scale',
  'dominant_impairment',
  'quality_flags',
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
          .concat([w.jitterMs, w.maxJitterMs, w.maxDeltaMs, w.bitrateKbps, w.rttMs, w.discards, w.rFactor])
          .concat([w.mos, w.qualityLevel, w.scale, w.impairments?.dominant ?? null, w.qualityFlags.join(' ')])
          .map(cell),
      );
    }
  }
  return stringify(rows);
}

/** The per-call CSV text: a header and one row per SIP call. */
export function callsCsv(report: AnalysisReport): string {
  const rows = report.calls.map((c) => CALL_COLUMNS.map(([, get]) => cell(get(c, report.streams))));
  return stringify([CALL_COLUMNS.map(([name]) => name), ...rows]);
}

/** Writes the three CSV files into `folder` (created if missing), each atomically. Returns their paths. */
export async function writeCsvReport(report: AnalysisReport, folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: [string, string][] = [
    [join(folder, CSV_FILES.streams), streamsCsv(report)],
    [join(folder, CSV_FILES.seconds), secondsCsv(report)],
    [join(folder, CSV_FILES.calls), callsCsv(report)],
  ];
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return files.map(([path]) => path);
}
