/**
 * A whole call made by this test: SIP over UDP with SDP offering Opus on a dynamic payload type,
 * RTP both ways, RTCP SR/RR with LSR/DLSR on both legs and an RTCP-XR VoIP metrics block.
 * Checks what signalling, RTCP and the E-model add to the report, CSV and table.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { writeCsvReport } from '../../electron/engine/report/csv.ts';
import { renderTable } from '../../electron/engine/report/table.ts';
import { pcapFile, rtpBytes, udpFrame } from '../helpers/pcap-builder.ts';
import { tempFile, tempFolder } from '../helpers/temp-files.ts';

const T0 = 1_700_000_000;
const CALLER: [string, number] = ['192.0.2.10', 4000];
const CALLEE: [string, number] = ['192.0.2.20', 5000];
const CALLER_SIP: [string, number] = ['192.0.2.10', 5060];
const CALLEE_SIP: [string, number] = ['192.0.2.20', 5060];
const text = (s: string) => new TextEncoder().encode(s);

function sip(startLine: string, cseq: string, toTag: string | null, body: string): Uint8Array {
  return text(
    [
      startLine,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1',
      'From: "=cmd|\' /C calc\'!A0" <sip:alice@example.com>;tag=caller1',
      `To: <sip:bob@example.com>${toTag ? `;tag=${toTag}` : ''}`,
      'Call-ID: call-1@example.com',
      `CSeq: ${cseq}`,
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${text(body).length}`,
      '',
      body,
    ].join('\r\n'),
  );
}

const sdp = ([address, port]: [string, number]) =>
  [
    'v=0',
    `o=- 1 1 IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 111`,
    'a=rtpmap:111 opus/48000/2',
    'a=ptime:20',
    '',
  ].join('\r\n');

/** RTCP SR from `ssrc` (NTP middle 32 bits `mid`) + one report block about `about` echoing `lsr` after `dlsr` units. */
function senderReport(ssrc: number, mid: number, about: number, lsr: number, dlsr: number): Uint8Array {
  const bytes = new Uint8Array(52);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x81); // V=2, RC=1
  view.setUint8(1, 200); // SR
  view.setUint16(2, 12); // 13 words
  view.setUint32(4, ssrc);
  view.setUint32(8, mid >>> 16); // NTP seconds: low 16 bits are the high half of `mid`
  view.setUint32(12, (mid & 0xffff) << 16); // NTP fraction: high 16 bits are the low half of `mid`
  view.setUint32(28, about);
  view.setUint32(44, lsr); // report block: LSR (after SSRC, loss, highest sequence, jitter)
  view.setUint32(48, dlsr); // DLSR
  return bytes;
}

/** RTCP XR (RFC 3611) from `ssrc` with a VoIP metrics block about `about` (MOS-LQ 41 = 4.1). */
function extendedReport(ssrc: number, about: number): Uint8Array {
  const bytes = new Uint8Array(8 + 36);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80); // V=2
  view.setUint8(1, 207); // XR
  view.setUint16(2, 10); // 11 words
  view.setUint32(4, ssrc);
  view.setUint8(8, 7); // block type 7: VoIP metrics
  view.setUint16(10, 8); // block length 8 words
  view.setUint32(12, about);
  view.setUint16(24, 150); // block + 16: round trip delay, ms
  view.setUint8(32, 88); // block + 24: R factor
  view.setUint8(34, 41); // block + 26: MOS-LQ ×10
  view.setUint8(35, 40); // block + 27: MOS-CQ ×10
  return bytes;
}

function callCapture(): Uint8Array {
  const records: { time: number; frame: Uint8Array }[] = [];
  const at = (seconds: number, src: [string, number], dst: [string, number], payload: Uint8Array) =>
    records.push({ time: T0 + seconds, frame: udpFrame(src, dst, payload) });
  at(0, CALLER_SIP, CALLEE_SIP, sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE', null, sdp(CALLER)));
  at(0.2, CALLEE_SIP, CALLER_SIP, sip('SIP/2.0 180 Ringing', '1 INVITE', 'callee1', ''));
  at(1, CALLEE_SIP, CALLER_SIP, sip('SIP/2.0 200 OK', '1 INVITE', 'callee1', sdp(CALLEE)));
  at(1.05, CALLER_SIP, CALLEE_SIP, sip('ACK sip:bob@example.com SIP/2.0', '1 ACK', 'callee1', ''));
  for (let i = 0; i < 300; i++) {
    const t = 1.1 + i * 0.02;
    at(
      t,
      CALLER,
      CALLEE,
      rtpBytes({ time: 0, seq: 100 + i, timestamp: i * 960, ssrc: 0xa, payloadType: 111, payloadBytes: 80 }),
    );
    at(
      t + 0.001,
      CALLEE,
      CALLER,
      rtpBytes({ time: 0, seq: 500 + i, timestamp: i * 960, ssrc: 0xb, payloadType: 111, payloadBytes: 80 }),
    );
  }
  // SR from each side at 3 s; each answers the other's 0.5 s later after holding it 0.46 s:
  // every leg (capture point to receiver) is 40 ms, the call's round trip 80 ms.
  const dlsr = Math.round(0.46 * 65536);
  at(3, CALLER, CALLEE, senderReport(0xa, 0x1111_0000, 0xb, 0, 0));
  at(3.001, CALLEE, CALLER, senderReport(0xb, 0x2222_0000, 0xa, 0, 0));
  at(3.5, CALLEE, CALLER, senderReport(0xb, 0x2222_8000, 0xa, 0x1111_0000, dlsr));
  at(3.501, CALLER, CALLEE, senderReport(0xa, 0x1111_8000, 0xb, 0x2222_0000, dlsr));
  at(4, CALLEE, CALLER, extendedReport(0xb, 0xa));
  at(7.5, CALLER_SIP, CALLEE_SIP, sip('BYE sip:bob@example.com SIP/2.0', '2 BYE', 'callee1', ''));
  records.sort((a, b) => a.time - b.time);
  return pcapFile(records);
}

describe('a whole call', async () => {
  const file = tempFile('call.pcap', callCapture());
  const report = await analyzeFile(file);
  const [out, back] = report.streams;

  it('ties both streams to the call, with direction, codec and clock from SDP', () => {
    expect(report.calls).toHaveLength(1);
    const call = report.calls[0]!;
    expect(call).toMatchObject({ state: 'ended', finalStatus: 200, endedBy: 'caller', streams: [1, 2] });
    expect(call.postDialDelayMs).toBeCloseTo(200, 6);
    expect(call.setupDelayMs).toBeCloseTo(1000, 6);
    expect(call.durationSeconds).toBeCloseTo(6.5, 6);
    expect(out).toMatchObject({
      callId: 'call-1@example.com',
      direction: 'caller-to-callee',
      codec: 'opus',
      codecSource: 'signalling',
      clockRate: 48_000,
    });
    expect(back).toMatchObject({ direction: 'callee-to-caller', codec: 'opus' });
    expect(out!.jitterMs).not.toBeNull();
    expect(out!.packetTimeMs).toBe(20);
  });

  it('measures each leg from RTCP and adds them for the call', () => {
    expect(out!.rttSamples).toBe(1);
    expect(out!.rttMs).toBeCloseTo(40, 0);
    expect(back!.rttMs).toBeCloseTo(40, 0);
    expect(out!.endToEndRttMs).toBeCloseTo(80, 0);
    expect(out!.endToEndRttLegs).toBe(2);
    expect(out!.seconds.at(-1)!.rttMs).toBeCloseTo(40, 0);
    expect(out!.qualityFlags).not.toContain('rtt-assumed');
    // Ta = 80/2 + 20 ms packets + 6.5 ms Opus look-ahead + 20 ms buffer.
    expect(out!.taMs).toBeCloseTo(86.5, 0);
  });

  it('shows the endpoint XR VoIP metrics beside its own figure', () => {
    expect(out!.endpointMetrics).toEqual({
      rFactor: 88,
      mosLq: 41,
      mosCq: 40,
      roundTripDelayMs: 150,
      endSystemDelayMs: 0,
    });
    expect(back!.endpointMetrics).toBeNull();
  });

  it('scores Opus on the wideband scale, per second and per direction of the call', () => {
    expect(out!.scale).toBe('wideband');
    expect(out!.seconds[2]!.scale).toBe('wideband');
    expect(out!.seconds[2]!.qualityLevel).toBe('good');
    expect(report.calls[0]!.quality.callerToCallee!.minMos).toBeGreaterThan(4);
  });

  it('exports calls.csv with neutralised display names, and a call line in the table', async () => {
    const folder = tempFolder();
    await writeCsvReport(report, folder);
    const calls = readFileSync(join(folder, 'calls.csv'), 'utf8').split('\n');
    expect(calls[0]).toMatch(/^call_id,from_name,from_uri,to_name,to_uri,state,/);
    expect(calls[1]).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(calls[1]).toContain(',ended,200,OK,');
    expect(renderTable(report)).toMatch(
      /Call call-1@example\.com: =cmd\|' \/C calc'!A0 <sip:alice@example\.com> -> sip:bob@example\.com, ended 200 OK, 6\.5 s, streams 1 2/,
    );
  });
});
