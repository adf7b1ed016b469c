/** Turns the call tracker's records into the report shape of shared/analysis.ts. */

import type { CallReport, DirectionQuality, StreamReport } from '../../../shared/analysis.ts';
import type { CallRecord, CaptureTime } from '../track/call-tracker.ts';
import { isoMicros } from './time-format.ts';

const iso = (time: CaptureTime | null): string | null =>
  time === null ? null : isoMicros(time.sec, time.nsec);
const between = (from: CaptureTime | null, to: CaptureTime | null): number | null =>
  from === null || to === null ? null : to.ms - from.ms;
const MS_PER_S = 1000;

/** The report for one call; `streams` are the whole report's streams (their ids are looked up). */
export function callReport(call: CallRecord, streams: readonly StreamReport[]): CallReport {
  const duration = between(call.answer, call.end);
  const mine = streams.filter((s) => s.callId === call.callId);
  return {
    callId: call.callId,
    from: { displayName: call.from.displayName, uri: call.from.uri },
    to: { displayName: call.to.displayName, uri: call.to.uri },
    state: call.state,
    finalStatus: call.finalStatus,
    finalReason: call.finalReason,
    inviteTime: iso(call.invite),
    ringingTime: iso(call.ringing),
    answerTime: iso(call.answer),
    endTime: iso(call.end),
    postDialDelayMs: between(call.invite, call.ringing ?? call.answer),
    setupDelayMs: between(call.invite, call.answer),
    durationSeconds: duration === null ? null : duration / MS_PER_S,
    endedBy: call.endedBy,
    held: call.held,
    codecs: { caller: [...call.codecs.caller], callee: [...call.codecs.callee] },
    messages: call.messages,
    streams: mine.map((s) => s.id),
    quality: {
      callerToCallee: directionQuality(mine.filter((s) => s.direction === 'caller-to-callee')),
      calleeToCaller: directionQuality(mine.filter((s) => s.direction === 'callee-to-caller')),
    },
  };
}

/** Minimum and mean of the per-second MOS over some streams; null without streams. */
function directionQuality(streams: readonly StreamReport[]): DirectionQuality | null {
  if (streams.length === 0) return null;
  const values = streams.flatMap((s) => s.seconds.map((w) => w.mos).filter((mos) => mos !== null));
  return {
    minMos: values.length === 0 ? null : Math.min(...values),
    meanMos: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
  };
}
