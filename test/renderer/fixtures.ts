/** Small reports, snapshots and seconds for the renderer's unit tests. */

import type { AnalysisReport, CallReport, StreamReport, StreamSecond } from '../../shared/analysis.ts';
import type { LiveSnapshot, LiveStreamFigures } from '../../shared/snapshot.ts';

export function second(t: number, fields: Partial<StreamSecond> = {}): StreamSecond {
  return {
    t,
    packets: 50,
    expected: 50,
    lost: 0,
    lossPercent: 0,
    jitterMs: 1.5,
    maxJitterMs: 2,
    maxDeltaMs: 21,
    bitrateKbps: 87.2,
    rttMs: null,
    discards: 0,
    rFactor: 93.2,
    mos: 4.41,
    qualityLevel: 'good',
    scale: 'narrowband',
    impairments: null,
    qualityFlags: [],
    ...fields,
  };
}

export function stream(id: number, fields: Partial<StreamReport> = {}): StreamReport {
  return {
    id,
    callId: null,
    direction: null,
    ssrc: `0x${id.toString(16).toUpperCase().padStart(8, '0')}`,
    src: `10.0.0.${id}:4000`,
    dst: `10.0.1.${id}:5000`,
    payloadType: 0,
    payloadTypes: [0],
    payloadNames: ['PCMU'],
    codec: 'PCMU',
    codecSource: 'static',
    clockRate: 8000,
    packets: 500,
    expected: 500,
    lost: 0,
    lossPercent: 0,
    duplicates: 0,
    outOfOrder: 0,
    sequenceErrors: 0,
    timestampErrors: 0,
    payloadChanges: 0,
    maxDeltaMs: 21,
    meanJitterMs: 1.2,
    maxJitterMs: 3,
    jitterMs: 1.1,
    bitrateKbps: 87.2,
    firstTime: '2024-01-01T00:00:00.000000Z',
    lastTime: '2024-01-01T00:00:10.000000Z',
    durationSeconds: 10,
    rtcpSenderReports: 0,
    rtcpReportBlocks: 0,
    rttMs: null,
    rttSamples: 0,
    endToEndRttMs: null,
    endToEndRttLegs: 0,
    farEnd: null,
    endpointMetrics: null,
    codecGuess: null,
    packetTimeMs: 20,
    discards: 0,
    codecModel: null,
    rFactor: 93.2,
    mos: 4.41,
    qualityLevel: 'good',
    scale: 'narrowband',
    taMs: 40,
    impairments: null,
    qualityFlags: [],
    captureLossSeconds: 0,
    minMos: 4.41,
    meanMos: 4.41,
    seconds: [],
    ...fields,
  };
}

export function call(callId: string, streams: number[], fields: Partial<CallReport> = {}): CallReport {
  return {
    callId,
    from: { displayName: 'Alice', uri: 'sip:alice@example.com' },
    to: { displayName: null, uri: 'sip:bob@example.com' },
    state: 'ended',
    finalStatus: 200,
    finalReason: 'OK',
    inviteTime: '2024-01-01T00:00:00.000000Z',
    ringingTime: null,
    answerTime: '2024-01-01T00:00:01.000000Z',
    endTime: '2024-01-01T00:00:11.000000Z',
    postDialDelayMs: null,
    setupDelayMs: 1000,
    durationSeconds: 10,
    endedBy: 'caller',
    held: false,
    codecs: { caller: ['PCMU'], callee: ['PCMU'] },
    messages: 6,
    streams,
    quality: { callerToCallee: null, calleeToCaller: null },
    ...fields,
  };
}

export function report(streams: StreamReport[], calls: CallReport[] = []): AnalysisReport {
  return {
    file: '/captures/test.pcap',
    format: 'pcap',
    packets: 1000,
    firstTime: '2024-01-01T00:00:00.000000Z',
    lastTime: '2024-01-01T00:00:12.000000Z',
    frames: { read: 1000, rtp: 1000, rtcp: 0, sip: 0, skipped: {}, malformed: 0 },
    rtcp: {
      datagrams: 0,
      senderReports: 0,
      receiverReports: 0,
      sourceDescriptions: 0,
      byes: 0,
      apps: 0,
      extendedReports: 0,
      other: 0,
      reportBlocks: 0,
    },
    streams,
    calls,
    error: null,
  };
}

export function liveStream(
  id: number,
  s: StreamSecond | null,
  fields: Partial<LiveStreamFigures> = {},
): LiveStreamFigures {
  return {
    id,
    ssrc: `0x${id.toString(16).toUpperCase().padStart(8, '0')}`,
    src: `10.0.0.${id}:4000`,
    dst: `10.0.1.${id}:5000`,
    callId: null,
    direction: null,
    codec: 'PCMU',
    ended: false,
    packets: 100,
    lost: 0,
    lossPercent: 0,
    second: s,
    minMos: s?.mos ?? null,
    ...fields,
  };
}

export function snapshot(
  elapsedSeconds: number,
  streams: LiveStreamFigures[],
  calls: CallReport[] = [],
): LiveSnapshot {
  return {
    time: new Date(Date.UTC(2024, 0, 1) + elapsedSeconds * 1000).toISOString(),
    elapsedSeconds,
    health: {
      interface: 'lo',
      packetsSeen: 1000,
      packetsPerSecond: 100,
      kernelReceived: 1000,
      kernelDropped: 0,
      interfaceDropped: 0,
      delivered: 1000,
      engineBacklog: 0,
      droppedLastSecond: 0,
    },
    streams,
    calls,
  };
}
