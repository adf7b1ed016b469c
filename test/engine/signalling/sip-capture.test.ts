/**
 * SIP from a real capture (FAX-Call-t38-CA-TDM-SIP-FB-1.pcap: a fax call through several re-INVITEs
 * between G.711 and T.38): every SIP datagram is found by content and parsed, with the same
 * per-method counts as tshark.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEndpoint } from '../../../electron/engine/decode/address.ts';
import { IpReassembler } from '../../../electron/engine/decode/ip-reassembly.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { IpProtocol, newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { isHold, parseSdp } from '../../../electron/engine/signalling/sdp.ts';
import {
  looksLikeSip,
  parseSipMessage,
  type SipMessage,
} from '../../../electron/engine/signalling/sip-message.ts';
import { SipTcpReassembler } from '../../../electron/engine/signalling/sip-tcp-stream.ts';
import { readCaptureFile } from '../../../electron/engine/source/capture-file.ts';
import { haveTshark } from '../../helpers/tshark.ts';
import { CAPTURES_DIR } from '../../reference/shared-captures.ts';

const FILE = join(CAPTURES_DIR, 'FAX-Call-t38-CA-TDM-SIP-FB-1.pcap');
const haveFile = existsSync(FILE);
if (!haveFile) console.warn(`NOTICE: ${FILE} is absent: the SIP capture test is skipped.`);

/** What tshark 4.0 reports for the file (`-Y sip -T fields -e sip.Method -e sip.Status-Code -e sip.CSeq.method`). */
const EXPECTED: Record<string, number> = {
  '100 INVITE': 16,
  '180 INVITE': 4,
  '200 BYE': 4,
  '200 INVITE': 12,
  '200 OPTIONS': 8,
  '488 INVITE': 4,
  ACK: 16,
  BYE: 4,
  INVITE: 16,
  OPTIONS: 8,
};

const label = (m: SipMessage): string => (m.kind === 'request' ? m.method : `${m.statusCode} ${m.method}`);

function sorted(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function tsharkCounts(file: string): Record<string, number> {
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
      '-e',
      'sip.Method',
      '-e',
      'sip.Status-Code',
      '-e',
      'sip.CSeq.method',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`tshark failed: ${result.stderr}`);
  const counts = new Map<string, number>();
  for (const line of result.stdout.split('\n')) {
    if (line.trim().length === 0) continue;
    const [method = '', status = '', cseqMethod = ''] = line.split('\t');
    const key = method.length > 0 ? method : `${status} ${cseqMethod}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return sorted(counts);
}

describe('SIP in a real capture', () => {
  it.skipIf(!haveFile)(
    'FAX-Call-t38: per-method counts agree with tshark; the T.38 re-INVITE and the SDP payloads are seen',
    async () => {
      const info = newPacketInfo();
      const ip = new IpReassembler();
      const tcp = new SipTcpReassembler();
      const counts = new Map<string, number>();
      const failures: string[] = [];
      let t38Offers = 0;
      const payloads = new Set<string>();
      const add = (m: SipMessage): void => {
        counts.set(label(m), (counts.get(label(m)) ?? 0) + 1);
        if (m.contentType !== 'application/sdp') return;
        const sdp = parseSdp(m.body);
        expect(sdp).not.toBeNull();
        for (const media of sdp?.media ?? []) {
          if (media.type === 'image' && media.protocol.toLowerCase() === 'udptl') t38Offers++;
          expect(isHold(media)).toBe(false);
          for (const p of media.payloads) payloads.add(`${p.payloadType} ${p.encoding}/${p.clockRateHz}`);
        }
      };

      await readCaptureFile(FILE, (frame) => {
        const timeSec = frame.tsSec + frame.tsNsec / 1e9;
        if (decodeNetwork(frame, info, ip, timeSec) !== 'ok') return;
        if (info.ipProtocol === IpProtocol.UDP) {
          if (!looksLikeSip(info.payload, info.payloadOffset, info.payloadLength)) return;
          const result = parseSipMessage(info.payload, info.payloadOffset, info.payloadLength);
          if (typeof result === 'string') failures.push(result);
          else add(result);
        } else if (info.ipProtocol === IpProtocol.TCP) {
          const key = `${formatEndpoint(info.ipVersion, info.src, info.srcPort)}>${formatEndpoint(info.ipVersion, info.dst, info.dstPort)}`;
          const messages = tcp.push(
            key,
            info.tcpSeq,
            info.tcpFlags,
            info.payload,
            info.payloadOffset,
            info.payloadLength,
            timeSec,
          );
          for (const m of messages) add(m);
        }
      });

      expect(failures).toEqual([]);
      expect(sorted(counts)).toEqual(EXPECTED);
      if (haveTshark) expect(sorted(counts)).toEqual(tsharkCounts(FILE));
      else console.warn('NOTICE: tshark is absent: compared with the recorded tshark counts only.');
      expect(t38Offers).toBeGreaterThan(0);
      // PT 8 has no rtpmap in some offers (static name), PT 102 is dynamic from a=rtpmap.
      expect([...payloads].sort()).toEqual(['102 telephone-event/8000', '103 G726-32/8000', '8 PCMA/8000']);
    },
  );
});
