/**
 * What the gauges show for one stream: the report's figures over the whole stream, or live the
 * latest second's. Pure (no DOM).
 */

import type { AnalysisReport, Impairments } from '../../../shared/analysis.ts';
import type { LiveSnapshot } from '../../../shared/snapshot.ts';
import type { Scale } from '../lib/levels.ts';

export interface StreamFigures {
  id: number;
  /** src → dst. */
  label: string;
  ssrc: string;
  callId: string | null;
  direction: 'caller-to-callee' | 'callee-to-caller' | null;
  codec: string | null;
  /** 'stream': over the whole stream (report); 'second': the latest second (live). */
  basis: 'stream' | 'second';
  mos: number | null;
  rFactor: number | null;
  scale: Scale;
  jitterMs: number | null;
  lossPercent: number | null;
  rttMs: number | null;
  impairments: Impairments | null;
  flags: readonly string[];
}

/** Figures of the given streams (in that order; unknown ids skipped). */
export function streamFigures(
  ids: readonly number[],
  report: AnalysisReport | null,
  snapshot: LiveSnapshot | null,
): StreamFigures[] {
  const out: StreamFigures[] = [];
  for (const id of ids) {
    if (report !== null) {
      const stream = report.streams.find((candidate) => candidate.id === id);
      if (stream === undefined) continue;
      out.push({
        id,
        label: `${stream.src} → ${stream.dst}`,
        ssrc: stream.ssrc,
        callId: stream.callId,
        direction: stream.direction,
        codec: stream.codec,
        basis: 'stream',
        mos: stream.mos,
        rFactor: stream.rFactor,
        scale: stream.scale,
        jitterMs: stream.meanJitterMs ?? stream.jitterMs,
        lossPercent: stream.lossPercent,
        rttMs: stream.rttMs,
        impairments: stream.impairments,
        flags: stream.qualityFlags,
      });
    } else if (snapshot !== null) {
      const stream = snapshot.streams.find((candidate) => candidate.id === id);
      if (stream === undefined) continue;
      const second = stream.second;
      out.push({
        id,
        label: `${stream.src} → ${stream.dst}`,
        ssrc: stream.ssrc,
        callId: stream.callId,
        direction: stream.direction,
        codec: stream.codec,
        basis: 'second',
        mos: second?.mos ?? null,
        rFactor: second?.rFactor ?? null,
        scale: second?.scale ?? null,
        jitterMs: second?.jitterMs ?? null,
        lossPercent: second?.lossPercent ?? null,
        rttMs: second?.rttMs ?? null,
        impairments: second?.impairments ?? null,
        flags: second?.qualityFlags ?? [],
      });
    }
  }
  // Caller → callee first, as a call reads.
  const rank = (f: StreamFigures) =>
    f.direction === 'caller-to-callee' ? 0 : f.direction === 'callee-to-caller' ? 1 : 2;
  return out.sort((a, b) => rank(a) - rank(b));
}

/** The impairments of the breakdown, in order, with their names. */
export const IMPAIRMENT_KINDS = [
  { key: 'delay', name: 'delay' },
  { key: 'codec', name: 'codec' },
  { key: 'networkLoss', name: 'network loss' },
  { key: 'jitterBufferDiscards', name: 'jitter-buffer discards' },
  { key: 'other', name: 'other' },
] as const;

/** The sentence naming the dominant impairment. */
export function dominantSentence(impairments: Impairments): string {
  const kind = IMPAIRMENT_KINDS.find((candidate) => candidate.key === impairments.dominant);
  if (kind === undefined) return 'No single impairment dominates (none above 3 R points).';
  const points = impairments[kind.key];
  return `MOS dropped mainly because of ${kind.name} (−${points.toFixed(1)} R)`;
}
