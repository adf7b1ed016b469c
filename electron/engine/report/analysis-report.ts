/** The whole report of an analyzer: what `analyze --json` prints and a live capture ends with. */

import type { AnalysisReport } from '../../../shared/analysis.ts';
import type { Analyzer } from '../analyzer.ts';
import { callReport } from './call-report.ts';
import { streamReport } from './stream-report.ts';
import { isoMicros } from './time-format.ts';

/**
 * The report of everything `analyzer` has seen. `source` names the file (or interface); `format` is
 * the capture format when known; `error` the one-line error that ended the input early, if any.
 */
export function analysisReport(
  analyzer: Analyzer,
  source: string,
  format: string | null,
  error: string | null,
): AnalysisReport {
  const streams = analyzer.streams.map((stream, index) => streamReport(stream, index + 1));
  return {
    file: source,
    format,
    packets: analyzer.counts.read,
    firstTime: analyzer.firstTime === null ? null : isoMicros(...analyzer.firstTime),
    lastTime: analyzer.lastTime === null ? null : isoMicros(...analyzer.lastTime),
    frames: analyzer.counts,
    rtcp: analyzer.rtcpCounts,
    streams,
    calls: analyzer.calls.calls.map((call) => callReport(call, streams)),
    error,
  };
}
