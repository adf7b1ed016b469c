/** The once-a-second view of a live capture (shared/snapshot.ts) built from the analyzer. */

import type { StreamReport } from '../../../shared/analysis.ts';
import type { CaptureHealth, LiveSnapshot, LiveStreamFigures } from '../../../shared/snapshot.ts';
import type { Analyzer } from '../analyzer.ts';
import { callReport } from './call-report.ts';
import { streamReport } from './stream-report.ts';
import { isoMicros } from './time-format.ts';

const MS_PER_S = 1000;

function figures(report: StreamReport, ended: boolean): LiveStreamFigures {
  return {
    id: report.id,
    ssrc: report.ssrc,
    src: report.src,
    dst: report.dst,
    callId: report.callId,
    direction: report.direction,
    codec: report.codec,
    ended,
    packets: report.packets,
    lost: report.lost,
    lossPercent: report.lossPercent,
    second: report.seconds.at(-1) ?? null,
    minMos: report.minMos,
  };
}

/** The snapshot at capture time `tsSec`/`tsNsec` (the time the caller ticked the analyzer at). */
export function liveSnapshot(
  analyzer: Analyzer,
  health: CaptureHealth,
  tsSec: number,
  tsNsec: number,
): LiveSnapshot {
  const reports = analyzer.streams.map((stream, index) => streamReport(stream, index + 1));
  return {
    time: isoMicros(tsSec, tsNsec),
    elapsedSeconds:
      analyzer.counts.read === 0 ? 0 : Math.max(0, analyzer.captureMs(tsSec, tsNsec) / MS_PER_S),
    health,
    streams: reports.map((report, index) => figures(report, analyzer.streams[index]!.ended)),
    calls: analyzer.calls.calls.map((call) => callReport(call, reports)),
  };
}
