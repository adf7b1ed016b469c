/**
 * Hostile input through the signalling parsers: 50 000 random and mutated inputs (truncations, byte
 * flips, huge Content-Length values, repeated headers, splices, garbage) to looksLikeSip,
 * parseSipMessage, parseSdp and the TCP reassembler. Nothing may throw and every result stays
 * within its caps.
 */

import { describe, expect, it } from 'vitest';
import {
  MAX_SDP_ADDRESS_CHARS,
  MAX_SDP_FMTP_CHARS,
  MAX_SDP_MEDIA,
  MAX_SDP_PAYLOADS,
  MAX_SDP_TOKEN_CHARS,
  parseSdp,
  type SdpSession,
} from '../../../electron/engine/signalling/sdp.ts';
import {
  looksLikeSip,
  MAX_SIP_BODY_BYTES,
  MAX_SIP_HEADER_BYTES,
  parseSipMessage,
  SIP_PARSE_FAILURES,
  type SipMessage,
  type SipParseFailure,
} from '../../../electron/engine/signalling/sip-message.ts';
import { SipTcpReassembler } from '../../../electron/engine/signalling/sip-tcp-stream.ts';
import { DIALOG, random, rtpPacket, SDPS, utf8 } from './sip-fixtures.ts';

const ITERATIONS = 50_000;
const FAILURES = new Set<string>(SIP_PARSE_FAILURES);
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

function checkMessage(m: SipMessage, length: number): void {
  if (!(m.totalBytes <= length && m.headerBytes <= m.totalBytes && m.headerBytes <= MAX_SIP_HEADER_BYTES)) {
    throw new Error(`sizes out of range: ${m.headerBytes}/${m.totalBytes} of ${length}`);
  }
  const ok =
    m.callId.length > 0 &&
    m.callId.length <= 256 &&
    m.from.uri.length > 0 &&
    m.from.uri.length <= 256 &&
    m.to.uri.length > 0 &&
    m.to.uri.length <= 256 &&
    (m.from.displayName?.length ?? 0) <= 256 &&
    (m.to.displayName?.length ?? 0) <= 256 &&
    (m.from.tag?.length ?? 0) <= 256 &&
    (m.to.tag?.length ?? 0) <= 256 &&
    (m.requestUri?.length ?? 0) <= 256 &&
    (m.reasonPhrase?.length ?? 0) <= 128 &&
    (m.contentType?.length ?? 0) <= 128 &&
    m.method.length > 0 &&
    m.method.length <= 32 &&
    m.body.length <= MAX_SIP_BODY_BYTES &&
    Number.isInteger(m.cseq.sequence) &&
    m.cseq.sequence >= 0 &&
    m.cseq.sequence <= 0xffff_ffff &&
    (m.kind === 'request'
      ? m.statusCode === null && m.requestUri !== null
      : m.statusCode !== null && m.statusCode >= 100 && m.statusCode <= 699 && m.reasonPhrase !== null);
  if (!ok) throw new Error(`message out of its caps: ${JSON.stringify(m).slice(0, 500)}`);
}

function checkResult(result: SipMessage | SipParseFailure, length: number): void {
  if (typeof result === 'string') {
    if (!FAILURES.has(result)) throw new Error(`unknown failure ${result}`);
  } else {
    checkMessage(result, length);
  }
}

function checkSdp(s: SdpSession | null): void {
  if (s === null) return;
  if (s.media.length > MAX_SDP_MEDIA || !DIRECTIONS.has(s.direction)) throw new Error('session out of range');
  for (const m of s.media) {
    const ok =
      m.payloads.length <= MAX_SDP_PAYLOADS &&
      Number.isInteger(m.port) &&
      m.port >= 0 &&
      m.port <= 65535 &&
      (m.rtcpPort === null || (m.rtcpPort >= 1 && m.rtcpPort <= 65535)) &&
      DIRECTIONS.has(m.direction) &&
      m.type.length <= MAX_SDP_TOKEN_CHARS &&
      m.protocol.length <= MAX_SDP_TOKEN_CHARS &&
      (m.address?.length ?? 0) <= MAX_SDP_ADDRESS_CHARS &&
      m.payloads.every(
        (p) =>
          Number.isInteger(p.payloadType) &&
          p.payloadType >= 0 &&
          p.payloadType <= 127 &&
          (p.encoding?.length ?? 0) <= MAX_SDP_TOKEN_CHARS &&
          (p.fmtp?.length ?? 0) <= MAX_SDP_FMTP_CHARS,
      );
    if (!ok) throw new Error(`media out of range: ${JSON.stringify(m).slice(0, 500)}`);
  }
}

const TRICKY_HEADERS = [
  'Content-Length: 99999999999999999999',
  'Content-Length: 4294967296',
  'Content-Length: 16777217',
  'Content-Length: -5',
  'l: 0',
  'l: 100000',
  'Call-ID:',
  'i: \u0000',
  'From: "',
  'From: "\\',
  'To: <',
  'To: >',
  'f: ;tag=;tag=',
  'CSeq: 99999999999 INVITE',
  'CSeq: 1',
  'Content-Type: ;;;',
  ' folded continuation',
  '\tfolded',
  ':',
  'X: \r',
];

const TRICKY_SDP_LINES = [
  'm=audio -1 RTP/AVP 0',
  'm=audio 70000 RTP/AVP 300 -1 abc',
  'm=',
  'm=image 0 udptl t38',
  'c=IN IP4',
  'c=IN IP6 ::/64/2',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:0',
  'a=rtpmap:999 x/abc/def',
  'a=rtpmap:96 opus/48000/999',
  'a=fmtp:96',
  'a=ptime:abc',
  'a=ptime:1e308',
  'a=maxptime:-3',
  'a=rtcp:0',
  'a=rtcp:99999 IN IP4 x',
  'a=rtcp-mux',
  'a=sendonly',
  'a=inactive',
  'o=',
  'v=0',
];

function mutateBytes(base: Uint8Array, rnd: () => number): Uint8Array {
  const kind = Math.floor(rnd() * 8);
  let out = base;
  switch (kind) {
    case 0: // truncation
      out = base.slice(0, Math.floor(rnd() * (base.length + 1)));
      break;
    case 1: {
      // byte flips
      out = base.slice();
      const flips = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < flips && out.length > 0; i++)
        out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
      break;
    }
    case 2: {
      // random bytes inserted
      const at = Math.floor(rnd() * (base.length + 1));
      const junk = new Uint8Array(Math.floor(rnd() * 64)).map(() => Math.floor(rnd() * 256));
      out = new Uint8Array(base.length + junk.length);
      out.set(base.subarray(0, at), 0);
      out.set(junk, at);
      out.set(base.subarray(at), at + junk.length);
      break;
    }
    case 3: // pure garbage (sometimes SIP-looking)
      out = new Uint8Array(Math.floor(rnd() * 2000)).map(() => Math.floor(rnd() * 256));
      if (rnd() < 0.3) out.set(utf8('SIP/2.0 200 ').subarray(0, out.length), 0);
      break;
    case 4: {
      // splice of two messages
      const other = utf8(DIALOG[Math.floor(rnd() * DIALOG.length)]!);
      const a = Math.floor(rnd() * base.length);
      const b = Math.floor(rnd() * other.length);
      out = new Uint8Array(a + other.length - b);
      out.set(base.subarray(0, a), 0);
      out.set(other.subarray(b), a);
      break;
    }
    case 5: // line ends changed
      out = utf8(new TextDecoder().decode(base).replace(/\r\n/g, rnd() < 0.5 ? '\n' : '\r'));
      break;
    default:
      out = base;
  }
  return out;
}

function mutateText(message: string, rnd: () => number): string {
  const lines = message.split('\r\n');
  const blank = lines.indexOf('');
  const headerEnd = blank < 0 ? lines.length : blank;
  const choice = rnd();
  if (choice < 0.35) {
    // insert tricky headers, possibly many times (repeated headers, huge Content-Length)
    const header = TRICKY_HEADERS[Math.floor(rnd() * TRICKY_HEADERS.length)]!;
    const times = rnd() < 0.1 ? 1 + Math.floor(rnd() * 400) : 1;
    const at = 1 + Math.floor(rnd() * Math.max(1, headerEnd - 1));
    lines.splice(at, 0, ...Array.from({ length: times }, () => header));
  } else if (choice < 0.55 && headerEnd > 1) {
    // repeat or drop an existing header
    const at = 1 + Math.floor(rnd() * (headerEnd - 1));
    if (rnd() < 0.5) lines.splice(at, 1);
    else lines.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => lines[at]!));
  } else if (choice < 0.75) {
    // tricky SDP lines into the body
    const at = headerEnd + 1 + Math.floor(rnd() * Math.max(1, lines.length - headerEnd - 1));
    lines.splice(at, 0, TRICKY_SDP_LINES[Math.floor(rnd() * TRICKY_SDP_LINES.length)]!);
  }
  return lines.join('\r\n');
}

describe('signalling fuzz', () => {
  it(`${ITERATIONS} mutated and random inputs: no exception, results within the caps`, () => {
    const rnd = random(0x5eed_51b);
    const tcp = new SipTcpReassembler({ maxConnections: 16, maxBufferBytes: 8192, idleTimeoutSec: 5 });
    const tcpSeq = new Map<string, number>();
    let parsed = 0;
    let sdpParsed = 0;
    let tcpMessages = 0;
    const rtp = rtpPacket();

    for (let i = 0; i < ITERATIONS; i++) {
      const base = DIALOG[Math.floor(rnd() * DIALOG.length)]!;
      const text = rnd() < 0.5 ? mutateText(base, rnd) : base;
      let bytes = utf8(text);
      const rounds = 1 + Math.floor(rnd() * 2);
      for (let r = 0; r < rounds; r++) bytes = mutateBytes(bytes, rnd);
      if (rnd() < 0.02) bytes = rtp;

      const looks = looksLikeSip(bytes, 0, bytes.length);
      const datagram = parseSipMessage(bytes, 0, bytes.length);
      checkResult(datagram, bytes.length);
      if (!looks) expect(datagram).toBe('not-sip');
      const stream = parseSipMessage(bytes, 0, bytes.length, { transport: 'stream' });
      checkResult(stream, bytes.length);
      if (typeof datagram !== 'string') {
        parsed++;
        const session = parseSdp(datagram.body);
        checkSdp(session);
        if (session !== null) sdpParsed++;
      }

      // SDP text mutated on its own.
      let sdpText = SDPS[Math.floor(rnd() * SDPS.length)]!;
      const sdpLines = sdpText.split('\r\n');
      const extra = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < extra; k++) {
        const line = TRICKY_SDP_LINES[Math.floor(rnd() * TRICKY_SDP_LINES.length)]!;
        sdpLines.splice(Math.floor(rnd() * (sdpLines.length + 1)), 0, line);
      }
      sdpText = sdpLines.join(rnd() < 0.5 ? '\r\n' : '\n');
      if (rnd() < 0.3) sdpText = sdpText.slice(0, Math.floor(rnd() * sdpText.length));
      if (rnd() < 0.01) sdpText = sdpText.repeat(200); // beyond 64 KiB
      checkSdp(parseSdp(sdpText));

      // TCP: segments of the mutated bytes on a few connections, with random gaps, overlaps and flags.
      const key = `c${Math.floor(rnd() * 24)}`;
      let seq = tcpSeq.get(key) ?? Math.floor(rnd() * 2 ** 32);
      const pick = rnd();
      if (pick < 0.05)
        seq = (seq + Math.floor(rnd() * 5000)) >>> 0; // gap
      else if (pick < 0.1) seq = (seq - Math.floor(rnd() * 500)) >>> 0; // overlap / retransmission
      const flagPick = rnd();
      const flags = flagPick < 0.02 ? 0x01 : flagPick < 0.03 ? 0x04 : flagPick < 0.04 ? 0x02 : 0x18;
      const time = i / 1000;
      for (const m of tcp.push(key, seq, flags, bytes, 0, bytes.length, time)) {
        checkMessage(m, Number.POSITIVE_INFINITY);
        tcpMessages++;
      }
      tcpSeq.set(key, (seq + bytes.length + (flags === 0x02 ? 1 : 0)) >>> 0);
      if (tcp.connectionCount > 16 || tcp.bufferedBytes > 16 * 8192) throw new Error('TCP state unbounded');
    }

    // The mutations leave enough valid input for every path to be exercised.
    expect(parsed).toBeGreaterThan(ITERATIONS / 10);
    expect(sdpParsed).toBeGreaterThan(ITERATIONS / 50);
    expect(tcpMessages).toBeGreaterThan(ITERATIONS / 20);
  });
});
