/** The human-readable report: one row per stream, like `tshark -z rtp,streams`, and the frame counts. */

import type { AnalysisReport, StreamReport } from '../../../shared/analysis.ts';

const HEADERS = [
  'Source',
  'Destination',
  'SSRC',
  'Codec (PT)',
  'Packets',
  'Lost',
  'Loss %',
  'Dup',
  'OOO',
  'Max delta ms',
  'Max jitter ms',
  'Mean jitter ms',
  'RTT ms',
  'MOS',
  'Min MOS',
  'Duration s',
] as const;

const fixed = (value: number | null, digits = 3): string => (value === null ? '-' : value.toFixed(digits));

/** Keeps control characters out of a terminal (text from packets is untrusted). */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : ch;
  }
  return out;
}

function row(s: StreamReport): string[] {
  const types = s.payloadTypes.join(',');
  return [
    s.src,
    s.dst,
    s.ssrc,
    `${printable(s.codec ?? 'unknown')} (${types})`,
    String(s.packets),
    String(s.lost),
    s.lossPercent.toFixed(1),
    String(s.duplicates),
    String(s.outOfOrder),
    fixed(s.maxDeltaMs),
    fixed(s.maxJitterMs),
    fixed(s.meanJitterMs),
    fixed(s.rttMs, 1),
    s.mos === null ? '-' : `${s.mos.toFixed(2)}${s.scale === 'wideband' ? ' WB' : ''}`,
    fixed(s.minMos, 2),
    s.durationSeconds.toFixed(3),
  ];
}

/** Renders the report as aligned text columns followed by the frame counts. */
export function renderTable(report: AnalysisReport): string {
  const rows = [HEADERS.slice() as string[], ...report.streams.map(row)];
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((r) => r[column]!.length)));
  const lines = rows.map((r) =>
    r
      .map((text, column) => (column < 4 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join('  '),
  );
  const { frames, rtcp } = report;
  for (const call of report.calls) {
    const who = (p: { displayName: string | null; uri: string }) =>
      printable(p.displayName ? `${p.displayName} <${p.uri}>` : p.uri);
    const status =
      call.finalStatus === null ? '' : ` ${call.finalStatus} ${printable(call.finalReason ?? '')}`.trimEnd();
    const duration = call.durationSeconds === null ? '' : `, ${call.durationSeconds.toFixed(1)} s`;
    lines.push(
      `Call ${printable(call.callId)}: ${who(call.from)} -> ${who(call.to)}, ${call.state}${status}${duration}, streams ${call.streams.join(' ') || '-'}`,
    );
  }
  const reasons = Object.entries(frames.skipped)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  lines.push(
    '',
    `${report.streams.length} RTP stream(s) in ${report.file}`,
    `Frames: ${frames.read} read, ${frames.rtp} RTP, ${frames.rtcp} RTCP, ${frames.sip} SIP, ` +
      `${frames.read - frames.rtp - frames.rtcp - frames.sip} skipped${reasons ? ` (${reasons})` : ''}, ${frames.malformed} malformed`,
    `RTCP: ${rtcp.senderReports} SR, ${rtcp.receiverReports} RR, ${rtcp.sourceDescriptions} SDES, ` +
      `${rtcp.byes} BYE, ${rtcp.apps} APP, ${rtcp.extendedReports} XR, ${rtcp.other} other`,
  );
  return `${lines.join('\n')}\n`;
}
