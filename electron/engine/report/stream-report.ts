/** Turns the engine's stream state into the report shape of shared/analysis.ts. */

import type { StreamReport } from '../../../shared/analysis.ts';
import { formatEndpoint } from '../decode/address.ts';
import type { RtpStream } from '../track/rtp-stream.ts';
import { formatSsrc, isoMicros } from './time-format.ts';

const BITS_PER_BYTE = 8;
const BITS_PER_KBIT = 1000;
const NS_PER_S = 1e9;

/** End-to-end round trip: the sum of both directions' capture-point legs, or the one leg there is. */
function endToEnd(
  stream: RtpStream,
  reverse: RtpStream | undefined,
): { endToEndRttMs: number | null; endToEndRttLegs: number } {
  const legs = [stream.roundTrip.meanMs, reverse?.roundTrip.meanMs ?? null].filter((ms) => ms !== null);
  return {
    endToEndRttMs: legs.length === 0 ? null : legs.reduce((a, b) => a + b, 0),
    endToEndRttLegs: legs.length,
  };
}

/**
 * The report for one confirmed stream (call after `finish()` for a complete last second);
 * `reverse` is the stream flowing the other way between the same endpoints, if any.
 */
export function streamReport(stream: RtpStream, reverse?: RtpStream): StreamReport {
  const { key, stats } = stream;
  const firstPayloadType = stream.payloadTypes[0] ?? -1;
  const format = stream.resolvePayload(firstPayloadType);
  const hasClock = stats.clockRateHz !== 0;
  const durationSeconds = stream.lastSec - stream.firstSec + (stream.lastNsec - stream.firstNsec) / NS_PER_S;
  const ipBytes = stats.rtpBytes + stats.packets * (key.ipVersion === 6 ? 48 : 28);
  return {
    ssrc: formatSsrc(key.ssrc),
    src: formatEndpoint(key.ipVersion, key.src, key.srcPort),
    dst: formatEndpoint(key.ipVersion, key.dst, key.dstPort),
    payloadType: firstPayloadType,
    payloadTypes: [...stream.payloadTypes],
    codec: format.encoding,
    clockRate: format.clockRateHz === 0 ? null : format.clockRateHz,
    packets: stats.packets,
    expected: stats.expected,
    lost: stats.lost,
    lossPercent: stats.expected > 0 ? Math.min(100, (Math.max(0, stats.lost) / stats.expected) * 100) : 0,
    duplicates: stats.duplicates,
    outOfOrder: stats.outOfOrder,
    sequenceErrors: stats.sequenceErrors,
    timestampErrors: stats.timestampErrors,
    payloadChanges: stats.payloadChanges,
    maxDeltaMs: stats.maxDeltaMs,
    meanJitterMs: hasClock ? stats.meanJitterMs : null,
    maxJitterMs: hasClock ? stats.maxJitterMs : null,
    jitterMs: hasClock ? stats.jitterMs : null,
    bitrateKbps: durationSeconds > 0 ? (ipBytes * BITS_PER_BYTE) / BITS_PER_KBIT / durationSeconds : null,
    firstTime: isoMicros(stream.firstSec, stream.firstNsec),
    lastTime: isoMicros(stream.lastSec, stream.lastNsec),
    durationSeconds,
    rtcpSenderReports: stream.rtcpSenderReports,
    rtcpReportBlocks: stream.rtcpReportBlocks,
    rttMs: stream.roundTrip.meanMs,
    rttSamples: stream.roundTrip.samples,
    ...endToEnd(stream, reverse),
    farEnd: stream.farEnd,
    endpointMetrics: stream.voipMetrics && {
      rFactor: stream.voipMetrics.rFactor,
      mosLq: stream.voipMetrics.mosLq,
      mosCq: stream.voipMetrics.mosCq,
      roundTripDelayMs: stream.voipMetrics.roundTripDelayMs,
      endSystemDelayMs: stream.voipMetrics.endSystemDelayMs,
    },
    seconds: stream.windows?.closed ?? [],
  };
}

/** For each stream, the stream flowing the opposite way between the same two endpoints (first found). */
export function reverseStreams(streams: readonly RtpStream[]): Map<RtpStream, RtpStream> {
  const byDirection = new Map<string, RtpStream>();
  const direction = (s: RtpStream, reversed: boolean): string => {
    const src = formatEndpoint(s.key.ipVersion, s.key.src, s.key.srcPort);
    const dst = formatEndpoint(s.key.ipVersion, s.key.dst, s.key.dstPort);
    return reversed ? `${dst}>${src}` : `${src}>${dst}`;
  };
  for (const s of streams) {
    const key = direction(s, false);
    if (!byDirection.has(key)) byDirection.set(key, s);
  }
  const pairs = new Map<RtpStream, RtpStream>();
  for (const s of streams) {
    const other = byDirection.get(direction(s, true));
    if (other !== undefined) pairs.set(s, other);
  }
  return pairs;
}
