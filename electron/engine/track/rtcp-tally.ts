/**
 * Counts RTCP packets by type and credits sender reports and report blocks to the RTP streams
 * whose SSRC they name.
 */

import type { RtcpCounts } from '../../../shared/analysis.ts';
import type { RtcpPacket } from '../decode/rtcp.ts';
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

export class RtcpTally {
  readonly counts: RtcpCounts = emptyRtcpCounts();

  /** Counts one compound datagram's packets; `bySsrc` finds the streams an SSRC belongs to. */
  add(packets: readonly RtcpPacket[], bySsrc: ReadonlyMap<number, readonly RtpStream[]>): void {
    const counts = this.counts;
    counts.datagrams++;
    for (const packet of packets) {
      switch (packet.type) {
        case 'sr':
          counts.senderReports++;
          for (const stream of bySsrc.get(packet.ssrc) ?? []) stream.rtcpSenderReports++;
          this.#reports(packet.reports, bySsrc);
          break;
        case 'rr':
          counts.receiverReports++;
          this.#reports(packet.reports, bySsrc);
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
          break;
        default:
          counts.other++;
      }
    }
  }

  #reports(reports: readonly { ssrc: number }[], bySsrc: ReadonlyMap<number, readonly RtpStream[]>): void {
    this.counts.reportBlocks += reports.length;
    for (const report of reports) {
      for (const stream of bySsrc.get(report.ssrc) ?? []) stream.rtcpReportBlocks++;
    }
  }
}
