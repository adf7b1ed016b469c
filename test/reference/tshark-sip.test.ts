/**
 * Signalling against tshark on the shared captures: the payload names tshark gave every RTP stream
 * (reference.json, which tshark took from the calls' SDP), and the SIP calls the installed tshark
 * decodes (Call-IDs with an INVITE, messages per call, final response to the INVITE).
 */

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import type { AnalysisReport } from '../../shared/analysis.ts';
import { haveTshark } from '../helpers/tshark.ts';
import { CAPTURES_DIR, decodeAsPorts, endpoint, haveCaptures, referenceFiles } from './shared-captures.ts';

/** tshark's payload names and callscope's (RFC 3551 / IANA spelling). */
const TSHARK_NAMES: Record<string, string> = {
  g711U: 'PCMU',
  g711A: 'PCMA',
  g722: 'G722',
  g729: 'G729',
  GSM: 'GSM',
  h263: 'H263',
  opus: 'opus',
  CN: 'CN',
  'telephone-event': 'telephone-event',
  rtpevent: 'telephone-event',
};

/** tshark's name for a payload type it has no name for. */
const UNNAMED = /^RTPType-(\d+)$/;

/**
 * Where the names differ, and why. FAX-Call-t38-CA-TDM-SIP-FB-1.pcap, SSRC 0x0EAF0EAF, PT 102
 * (first seen in frame 160): the SIP INVITEs of the call (frames 23-26) map 102 to telephone-event,
 * which callscope uses; tshark took the media description of 10.23.1.52:16756 from an H.248/MEGACO
 * reply (frame 60, `a=ptime:20` and no rtpmap), which callscope doesn't decode, so it has no name.
 */
const NAME_DIFFERENCES = [
  {
    file: 'FAX-Call-t38-CA-TDM-SIP-FB-1.pcap',
    ssrc: '0x0eaf0eaf',
    tshark: 'RTPType-102',
    ours: 'telephone-event',
  },
];

const reports = new Map<string, Promise<AnalysisReport>>();
function analyzed(file: string, extraArgs: string[]): Promise<AnalysisReport> {
  let report = reports.get(file);
  if (report === undefined) {
    report = analyzeFile(`${CAPTURES_DIR}/${file}`, { decodeAsUdpPorts: decodeAsPorts(extraArgs) });
    reports.set(file, report);
  }
  return report;
}

describe.skipIf(!haveCaptures)('payload names agree with tshark', () => {
  for (const reference of referenceFiles()) {
    for (const ref of reference.rtp_streams) {
      it(`${reference.file} ${ref.ssrc}: ${ref.payload}`, async () => {
        const report = await analyzed(reference.file, reference.extra_args);
        const ours = report.streams.find(
          (s) =>
            s.src === endpoint(ref.src_addr, ref.src_port) &&
            s.dst === endpoint(ref.dst_addr, ref.dst_port) &&
            s.ssrc.toLowerCase() === ref.ssrc.toLowerCase(),
        )!;
        const expected = ref.payload.split(', ').map((name) => {
          const known = NAME_DIFFERENCES.find(
            (d) => d.file === reference.file && d.ssrc === ref.ssrc.toLowerCase() && d.tshark === name,
          );
          if (known) return known.ours;
          return UNNAMED.test(name) ? null : TSHARK_NAMES[name];
        });
        expect(expected).not.toContain(undefined);
        expect([...ours.payloadNames].sort()).toEqual([...expected].sort());
      });
    }
  }
});

interface TsharkSip {
  callId: string;
  method: string;
  status: number | null;
  cseqMethod: string;
}

function tsharkSip(file: string): TsharkSip[] {
  const result = spawnSync(
    'tshark',
    [
      '-n',
      '-r',
      file,
      '-Y',
      'sip',
      '-T',
      'fields',
      '-E',
      'occurrence=f',
      '-e',
      'sip.Call-ID',
      '-e',
      'sip.Method',
      '-e',
      'sip.Status-Code',
      '-e',
      'sip.CSeq.method',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [callId = '', method = '', status = '', cseqMethod = ''] = line.split('\t');
      return { callId, method, status: status === '' ? null : Number(status), cseqMethod };
    });
}

describe.skipIf(!haveCaptures || !haveTshark)('SIP calls agree with tshark', () => {
  for (const reference of referenceFiles()) {
    it(`${reference.file}: calls, messages per call, final response`, async () => {
      const messages = tsharkSip(`${CAPTURES_DIR}/${reference.file}`);
      const callIds = [...new Set(messages.filter((m) => m.method === 'INVITE').map((m) => m.callId))];
      const report = await analyzed(reference.file, reference.extra_args);
      expect(report.calls.map((c) => c.callId).sort()).toEqual(callIds.sort());
      for (const call of report.calls) {
        const mine = messages.filter((m) => m.callId === call.callId);
        const firstInvite = messages.findIndex((m) => m.callId === call.callId && m.method === 'INVITE');
        const fromInvite = messages.slice(firstInvite).filter((m) => m.callId === call.callId);
        expect(call.messages).toBe(fromInvite.length);
        const finals = mine.filter(
          (m) =>
            m.cseqMethod === 'INVITE' &&
            m.status !== null &&
            m.status >= 200 &&
            m.status !== 401 &&
            m.status !== 407,
        );
        const answered = finals.find((m) => m.status! < 300);
        expect(call.finalStatus).toBe(answered?.status ?? finals[0]?.status ?? null);
      }
    });
  }
});
