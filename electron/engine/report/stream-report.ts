/** Turns the engine's stream state into the report shape of shared/analysis.ts. */

import type { StreamReport } from '../../../shared/analysis.ts';
import { formatEndpoint } from '../decode/address.ts';
import type { RtpStream } from '../track/rtp-stream.ts';
import { formatSsrc, isoMicros } from './time-format.ts';

const BITS_PER_BYTE = 8;
const BITS_PER_KBIT = 1000;
const NS_PER_S = 1e9;

/** The report for one confirmed stream (call after `finish()` for a complete last second). */
export function streamReport(stream: RtpStream): StreamReport {
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
    seconds: stream.windows?.closed ?? [],
  };
}
