/**
 * What RTCP tells about the RTP streams: counts by packet type; sender reports and report blocks
 * credited to the streams they name; round-trip samples (capture-time method, round-trip.ts); the far
 * end's own view from report blocks (fraction lost, cumulative lost, jitter); RTCP-XR VoIP metrics.
 *
 * A report block (or XR block) about SSRC X sent from host H describes the stream with SSRC X that
 * H receives, i.e. whose destination address is H; a Sender Report from SSRC X sent from host H
 * belongs to the stream with SSRC X sent from H. When no stream matches by address, every stream
 * with that SSRC is credited (a capture that saw only one leg of a relay).
 */

import type { RtcpCounts } from '../../../shared/analysis.ts';
import { formatEndpoint } from '../decode/address.ts';
import type { PacketInfo } from '../decode/packet-info.ts';
import type { ReportBlock, RtcpPacket, VoipMetrics } from '../decode/rtcp.ts';
import { ntpMiddle32 } from '../decode/rtcp.ts';
import { RoundTripMatcher } from './round-trip.ts';
import type { RtpStream } from './rtp-stream.ts';

/** RTCP counts with everything at zero. */
export function emptyRtcpCounts(): RtcpCounts {
  return {
    datagrams: 0,
    senderReports: 0,
    receiverReports: 0,
    sourceDescriptions: 0,
    byes: 0,
    apps: 0,
    extendedReports: 0,
    other: 0,
    reportBlocks: 0,
  };
}

const FRACTION_LOST_SCALE = 256;
const MS_PER_S = 1000;

type Side = 'src' | 'dst';

function sameAddress(stream: RtpStream, side: Side, info: PacketInfo): boolean {
  const key = stream.key;
  if (key.ipVersion !== info.ipVersion) return false;
  const bytes = side === 'src' ? key.src : key.dst;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== info.src[i]) return false;
  return true;
}

export class RtcpTally {
  readonly counts: RtcpCounts = emptyRtcpCounts();
  readonly #roundTrips = new RoundTripMatcher();

  /**
   * Takes one compound datagram's packets, seen at `timeMs` (capture clock) in the UDP datagram
   * described by `info`; `bySsrc` finds the streams an SSRC belongs to.
   */
  add(
    packets: readonly RtcpPacket[],
    bySsrc: ReadonlyMap<number, readonly RtpStream[]>,
    info: PacketInfo,
    timeMs: number,
  ): void {
    const counts = this.counts;
    counts.datagrams++;
    const conversation = conversationOf(info);
    for (const packet of packets) {
      switch (packet.type) {
        case 'sr':
          counts.senderReports++;
          // Blocks first: an SR's own blocks can't echo the SR they travel in.
          this.#reports(packet.ssrc, packet.reports, bySsrc, info, conversation, timeMs);
          this.#roundTrips.onSenderReport(
            conversation,
            packet.ssrc,
            ntpMiddle32(packet.ntpSeconds, packet.ntpFraction),
            timeMs,
          );
          for (const stream of streamsOf(bySsrc, packet.ssrc, 'src', info)) stream.rtcpSenderReports++;
          break;
        case 'rr':
          counts.receiverReports++;
          this.#reports(packet.ssrc, packet.reports, bySsrc, info, conversation, timeMs);
          break;
        case 'sdes':
          counts.sourceDescriptions++;
          break;
        case 'bye':
          counts.byes++;
          break;
        case 'app':
          counts.apps++;
          break;
        case 'xr':
          counts.extendedReports++;
          for (const metrics of packet.voipMetrics) this.#voipMetrics(metrics, bySsrc, info);
          break;
        default:
          counts.other++;
      }
    }
  }

  #reports(
    reporterSsrc: number,
    reports: readonly ReportBlock[],
    bySsrc: ReadonlyMap<number, readonly RtpStream[]>,
    info: PacketInfo,
    conversation: string,
    timeMs: number,
  ): void {
    this.counts.reportBlocks += reports.length;
    for (const report of reports) {
      // A block about the reporter's own SSRC (seen from buggy relays) measures nothing.
      const rttMs =
        report.ssrc === reporterSsrc ? null : this.#roundTrips.onReportBlock(conversation, report, timeMs);
      for (const stream of streamsOf(bySsrc, report.ssrc, 'dst', info)) {
        stream.rtcpReportBlocks++;
        if (rttMs !== null) stream.roundTrip.add(rttMs);
        const clockRateHz = stream.stats.clockRateHz;
        stream.farEnd = {
          fractionLostPercent: (report.fractionLost / FRACTION_LOST_SCALE) * 100,
          cumulativeLost: report.cumulativeLost,
          jitterMs: clockRateHz > 0 ? (report.jitter / clockRateHz) * MS_PER_S : null,
        };
      }
    }
  }

  #voipMetrics(
    metrics: VoipMetrics,
    bySsrc: ReadonlyMap<number, readonly RtpStream[]>,
    info: PacketInfo,
  ): void {
    for (const stream of streamsOf(bySsrc, metrics.ssrc, 'dst', info)) stream.voipMetrics = metrics;
  }
}

/** The streams with `ssrc` whose `side` address is the RTCP sender's, else all streams with `ssrc`. */
function streamsOf(
  bySsrc: ReadonlyMap<number, readonly RtpStream[]>,
  ssrc: number,
  side: Side,
  info: PacketInfo,
): readonly RtpStream[] {
  const all = bySsrc.get(ssrc);
  if (all === undefined) return [];
  const matching = all.filter((stream) => sameAddress(stream, side, info));
  return matching.length > 0 ? matching : all;
}

/** The UDP endpoint pair of a datagram, the same string for both directions. */
function conversationOf(info: PacketInfo): string {
  const a = formatEndpoint(info.ipVersion, info.src, info.srcPort);
  const b = formatEndpoint(info.ipVersion, info.dst, info.dstPort);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
