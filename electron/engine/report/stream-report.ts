/** Turns the engine's stream state into the report shape of shared/analysis.ts. */

import type { StreamReport } from '../../../shared/analysis.ts';
import { formatEndpoint } from '../decode/address.ts';
import { type CallParty, DEFAULT_TELEPHONE_EVENT_PT } from '../track/media-registry.ts';
import type { RtpStream } from '../track/rtp-stream.ts';
import { rate } from '../track/stream-quality.ts';
import { formatSsrc, isoMicros } from './time-format.ts';

const BITS_PER_BYTE = 8;
const BITS_PER_KBIT = 1000;
const NS_PER_S = 1e9;

const otherParty = (party: CallParty): CallParty => (party === 'caller' ? 'callee' : 'caller');

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

/** The report for one confirmed stream (call after `finish()` for a complete last second). */
export function streamReport(stream: RtpStream, id: number): StreamReport {
  const reverse = stream.reverse ?? undefined;
  const { key, stats } = stream;
  const firstPayloadType = stream.payloadTypes[0] ?? -1;
  const format = stream.resolvePayload(firstPayloadType);
  const hasClock = stats.clockRateHz !== 0;
  const durationSeconds = stream.lastSec - stream.firstSec + (stream.lastNsec - stream.firstNsec) / NS_PER_S;
  const ipBytes = stats.rtpBytes + stats.packets * (key.ipVersion === 6 ? 48 : 28);
  const seconds = stream.windows?.closed ?? [];
  const binding = stream.binding;
  const announced = binding?.binding.formats.has(firstPayloadType) ?? false;
  const receiver =
    binding === null ? null : binding.receiver ? binding.binding.party : otherParty(binding.binding.party);
  return {
    id,
    callId: binding?.binding.callId ?? null,
    direction: receiver === null ? null : receiver === 'callee' ? 'caller-to-callee' : 'callee-to-caller',
    ssrc: formatSsrc(key.ssrc),
    src: formatEndpoint(key.ipVersion, key.src, key.srcPort),
    dst: formatEndpoint(key.ipVersion, key.dst, key.dstPort),
    payloadType: firstPayloadType,
    payloadTypes: [...stream.payloadTypes],
    payloadNames: [...stream.payloadNames],
    codec: format.encoding,
    codecSource: announced
      ? 'signalling'
      : format.encoding === null
        ? null
        : firstPayloadType === DEFAULT_TELEPHONE_EVENT_PT
          ? 'default'
          : 'static',
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
    ...overallQuality(stream),
    seconds,
  };
}

/** The stream's figure from its cumulative counters, and its per-second minimum and mean. */
function overallQuality(stream: RtpStream) {
  const { stats, quality } = stream;
  const codec = stream.speechCodec(quality.options.g711Plc);
  const seconds = stream.windows?.closed ?? [];
  const jitters = seconds.map((w) => w.jitterMs).filter((j) => j !== null);
  const legs = [stream.roundTrip.meanMs, stream.reverse?.roundTrip.meanMs ?? null].filter(
    (ms) => ms !== null,
  );
  const packetTimeMs = stream.packetTimeMs(codec);
  const figure =
    codec === null
      ? null
      : rate(
          {
            packets: stats.packets,
            expected: stats.expected,
            lost: stats.lost,
            discards: quality.jitterBuffer.discards,
            lossRuns: stats.lossRuns + quality.jitterBuffer.discardRuns,
          },
          {
            codec,
            rttMs: legs.length === 0 ? null : legs.reduce((a, b) => a + b, 0),
            rttLegs: legs.length,
            jitterMs: jitters.length === 0 ? 0 : jitters.reduce((a, b) => a + b, 0) / jitters.length,
            packetTimeMs,
          },
          quality.options,
        );
  const guess = stream.codecGuess();
  return {
    codecGuess: guess,
    packetTimeMs,
    discards: quality.jitterBuffer.discards,
    codecModel:
      codec === null
        ? null
        : {
            name: codec.name,
            ie: codec.ie,
            bpl: codec.bpl,
            band: codec.band,
            provenance: codec.provenance,
            fallback: codec.fallback,
            reason: codec.reason,
          },
    rFactor: figure?.rFactor ?? null,
    mos: figure?.mos ?? null,
    qualityLevel: figure?.qualityLevel ?? null,
    scale: figure?.scale ?? null,
    taMs: figure?.taMs ?? null,
    impairments: figure?.impairments ?? null,
    qualityFlags:
      figure === null ? [] : guess?.encoding != null ? [...figure.flags, 'codec-guessed'] : figure.flags,
    captureLossSeconds: stream.captureLossSeconds,
    minMos: quality.minMos,
    meanMos: quality.meanMos,
  };
}
