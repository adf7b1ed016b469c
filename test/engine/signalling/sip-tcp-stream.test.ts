import { describe, expect, it } from 'vitest';
import { SipTcpReassembler } from '../../../electron/engine/signalling/sip-tcp-stream.ts';
import { ACK, BYE, INVITE, OK_INVITE, SDP_OFFER, sipText, TRYING, utf8 } from './sip-fixtures.ts';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH_ACK = 0x18;
const KEY = '192.0.2.10:40000>198.51.100.20:5060';

/** Feeds `chunks` as consecutive segments from `seq0`, returning the methods/status codes seen. */
function feed(
  r: SipTcpReassembler,
  chunks: readonly Uint8Array[],
  seq0 = 1000,
  key = KEY,
  time = 0,
): string[] {
  const seen: string[] = [];
  let seq = seq0;
  for (const chunk of chunks) {
    for (const m of r.push(key, seq, PSH_ACK, chunk, 0, chunk.length, time)) {
      seen.push(m.kind === 'request' ? m.method : `${m.statusCode} ${m.method}`);
    }
    seq = (seq + chunk.length) >>> 0;
  }
  return seen;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('SipTcpReassembler', () => {
  it('two messages in one segment', () => {
    const r = new SipTcpReassembler();
    const messages = r.push(KEY, 1, PSH_ACK, utf8(INVITE + TRYING), 0, utf8(INVITE + TRYING).length, 0);
    expect(messages.map((m) => m.statusCode ?? m.method)).toEqual(['INVITE', 100]);
    expect(messages[0]!.body).toBe(SDP_OFFER);
    expect(r.bufferedBytes).toBe(0);
  });

  it('one message split across three segments (in the start line, the headers and the body)', () => {
    const r = new SipTcpReassembler();
    const bytes = utf8(INVITE);
    const cuts = [5, 200, bytes.length - 30];
    const parts = [
      bytes.subarray(0, cuts[0]),
      bytes.subarray(cuts[0], cuts[1]),
      bytes.subarray(cuts[1], cuts[2]),
    ];
    expect(feed(r, parts)).toEqual([]);
    expect(r.bufferedBytes).toBe(cuts[2]);
    expect(feed(r, [bytes.subarray(cuts[2]!)], 1000 + cuts[2]!)).toEqual(['INVITE']);
    expect(r.bufferedBytes).toBe(0);
    expect(r.has(KEY)).toBe(true);
  });

  it('a retransmitted segment is ignored; a partly overlapping one adds only its new bytes', () => {
    const r = new SipTcpReassembler();
    const stream = utf8(INVITE + ACK);
    const first = stream.subarray(0, 300);
    expect(feed(r, [first], 5000)).toEqual([]);
    // The same segment again: nothing new.
    expect(r.push(KEY, 5000, PSH_ACK, first, 0, first.length, 0)).toEqual([]);
    expect(r.bufferedBytes).toBe(300);
    // Overlap: resend from byte 200 to the end; only bytes from 300 on are new.
    const rest = stream.subarray(200);
    const out = r.push(KEY, 5200, PSH_ACK, rest, 0, rest.length, 0);
    expect(out.map((m) => m.method)).toEqual(['INVITE', 'ACK']);
    // The whole stream once more (a retransmission of everything): no duplicates.
    expect(r.push(KEY, 5000, PSH_ACK, stream, 0, stream.length, 0)).toEqual([]);
  });

  it('a segment starting with garbage, then a message', () => {
    const r = new SipTcpReassembler();
    const garbage = utf8('\u0000\u0001binary junk\r\nmore junk HTTP/1.1\r\n\r\n\r\n');
    expect(feed(r, [concat(garbage, utf8(BYE))])).toEqual(['BYE']);
    expect(r.skippedBytes).toBe(garbage.length);
  });

  it('keep-alive CRLFs between messages are skipped', () => {
    const r = new SipTcpReassembler();
    expect(feed(r, [utf8(`\r\n\r\n${ACK}\r\n\r\n${BYE}\r\n`)])).toEqual(['ACK', 'BYE']);
  });

  it('a message without Content-Length on a stream has an empty body', () => {
    const r = new SipTcpReassembler();
    const noLength = sipText(
      'OPTIONS sip:b@example.com SIP/2.0',
      ['From: <sip:a@example.com>;tag=1', 'To: <sip:b@example.com>', 'Call-ID: x', 'CSeq: 1 OPTIONS'],
      '',
      { contentLength: null },
    );
    expect(feed(r, [utf8(noLength + BYE)])).toEqual(['OPTIONS', 'BYE']);
  });

  it('overflow of the 256 KiB bound drops the message and resynchronises on the next start line', () => {
    const r = new SipTcpReassembler();
    const huge = sipText(
      'MESSAGE sip:b@example.com SIP/2.0',
      ['From: <sip:a@example.com>;tag=1', 'To: <sip:b@example.com>', 'Call-ID: big', 'CSeq: 1 MESSAGE'],
      `${'line of text\r\n'.repeat(23_000)}`, // ~322 KB
    );
    const bytes = utf8(huge + BYE);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 1400) chunks.push(bytes.subarray(at, at + 1400));
    let maxBuffered = 0;
    const seen: string[] = [];
    let seq = 1;
    for (const chunk of chunks) {
      for (const m of r.push(KEY, seq, PSH_ACK, chunk, 0, chunk.length, 0)) seen.push(m.method);
      seq += chunk.length;
      maxBuffered = Math.max(maxBuffered, r.bufferedBytes);
    }
    expect(seen).toEqual(['BYE']);
    expect(r.overflowCount).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(256 * 1024);
  });

  it('overflow inside one large segment (smaller bound)', () => {
    const r = new SipTcpReassembler({ maxBufferBytes: 4096 });
    const big = sipText(
      'MESSAGE sip:b@example.com SIP/2.0',
      ['From: <sip:a@example.com>;tag=1', 'To: <sip:b@example.com>', 'Call-ID: big', 'CSeq: 1 MESSAGE'],
      'z\r\n'.repeat(3000),
    );
    const bytes = utf8(big + ACK);
    // The first segment holds 6000 bytes of the 9000-byte body: more than the buffer can keep.
    expect(feed(r, [bytes.subarray(0, 6000), bytes.subarray(6000)])).toEqual(['ACK']);
    expect(r.overflowCount).toBe(1);
    expect(r.bufferedBytes).toBe(0);
    // A message larger than the buffer that arrives whole in one segment needs no buffering.
    expect(feed(r, [bytes], 1 + bytes.length, 'other')).toEqual(['MESSAGE', 'ACK']);
  });

  it('a header line that never ends fills the buffer and is dropped at 256 KiB', () => {
    const r = new SipTcpReassembler();
    const chunks = [utf8('INVITE sip:bob@example.com SIP/2.0\r\nX-Endless: ')];
    for (let i = 0; i < 220; i++) chunks.push(utf8('a'.repeat(1400)));
    chunks.push(utf8(`\r\n${BYE}`));
    let seq = 1;
    let maxBuffered = 0;
    const seen: string[] = [];
    for (const chunk of chunks) {
      for (const m of r.push(KEY, seq, PSH_ACK, chunk, 0, chunk.length, 0)) seen.push(m.method);
      seq += chunk.length;
      maxBuffered = Math.max(maxBuffered, r.bufferedBytes);
    }
    expect(seen).toEqual(['BYE']);
    expect(r.overflowCount).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(256 * 1024);
    expect(maxBuffered).toBeGreaterThan(250 * 1024); // it was kept up to the bound
  });

  it('a large message in 1-byte segments is framed without re-parsing it for every byte', () => {
    const headers = [
      'From: <sip:a@example.com>;tag=1',
      'To: <sip:b@example.com>',
      'Call-ID: big',
      'CSeq: 1 MESSAGE',
    ];
    for (let i = 0; i < 200; i++) headers.push(`X-Pad-${i}: ${'p'.repeat(200)}`);
    const bytes = utf8(sipText('MESSAGE sip:b@example.com SIP/2.0', headers, 'b'.repeat(150_000)));
    const r = new SipTcpReassembler();
    const started = performance.now();
    const seen: string[] = [];
    for (let at = 0; at < bytes.length; at++) {
      for (const m of r.push(KEY, 1 + at, PSH_ACK, bytes, at, 1, 0)) seen.push(m.method);
    }
    expect(seen).toEqual(['MESSAGE']);
    // Re-parsing the 40 KB header section for each of the ~190 000 bytes would take many seconds.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('LRU eviction over 1024 connections', () => {
    const r = new SipTcpReassembler();
    const partial = utf8(INVITE).subarray(0, 100);
    for (let i = 0; i < 1025; i++) r.push(`conn-${i}`, 1, PSH_ACK, partial, 0, partial.length, 0);
    expect(r.connectionCount).toBe(1024);
    expect(r.evictedCount).toBe(1);
    expect(r.has('conn-0')).toBe(false);
    expect(r.has('conn-1024')).toBe(true);
    // Touching conn-1 makes conn-2 the least recently used.
    r.push('conn-1', 101, PSH_ACK, partial, 0, 0, 0);
    r.push('conn-new', 1, PSH_ACK, partial, 0, partial.length, 0);
    expect(r.has('conn-1')).toBe(true);
    expect(r.has('conn-2')).toBe(false);
  });

  it('FIN ends the connection after its data; RST at once', () => {
    const r = new SipTcpReassembler();
    const bytes = utf8(BYE);
    expect(r.push(KEY, 1, FIN | PSH_ACK, bytes, 0, bytes.length, 0).map((m) => m.method)).toEqual(['BYE']);
    expect(r.has(KEY)).toBe(false);
    // A partial message then FIN: dropped with the connection.
    r.push(KEY, 1, PSH_ACK, bytes, 0, 50, 0);
    expect(r.has(KEY)).toBe(true);
    r.push(KEY, 51, FIN | 0x10, bytes, 0, 0, 0);
    expect(r.has(KEY)).toBe(false);
    r.push(KEY, 1, PSH_ACK, bytes, 0, 50, 0);
    expect(r.push(KEY, 51, RST, bytes, 50, bytes.length - 50, 0)).toEqual([]);
    expect(r.has(KEY)).toBe(false);
  });

  it('a gap in sequence numbers resets the buffer', () => {
    const r = new SipTcpReassembler();
    const invite = utf8(INVITE);
    feed(r, [invite.subarray(0, 100)], 1);
    // Bytes 100..200 are lost; the next segment cannot complete the INVITE, a later ACK still parses.
    const ack = utf8(ACK);
    expect(r.push(KEY, 1 + invite.length, PSH_ACK, ack, 0, ack.length, 0).map((m) => m.method)).toEqual([
      'ACK',
    ]);
    expect(r.gapCount).toBe(1);
    expect(r.bufferedBytes).toBe(0);
  });

  it('idle connections expire after 300 s of capture time', () => {
    const r = new SipTcpReassembler();
    const partial = utf8(INVITE).subarray(0, 100);
    r.push('a', 1, PSH_ACK, partial, 0, partial.length, 1000);
    r.push('b', 1, PSH_ACK, partial, 0, partial.length, 1200);
    r.push('c', 1, PSH_ACK, partial, 0, partial.length, 1301);
    expect(r.has('a')).toBe(false);
    expect(r.has('b')).toBe(true);
    expect(r.expiredCount).toBe(1);
  });

  it('sequence numbers wrap around 2^32', () => {
    const r = new SipTcpReassembler();
    const bytes = utf8(OK_INVITE);
    expect(feed(r, [bytes.subarray(0, 100), bytes.subarray(100)], 0xffff_ffc0)).toEqual(['200 INVITE']);
  });

  it('SYN: data starts at seq + 1; a new SYN on a known key starts over', () => {
    const r = new SipTcpReassembler();
    const bytes = utf8(ACK);
    r.push(KEY, 999, SYN, bytes, 0, 40, 0);
    expect(r.push(KEY, 1040, PSH_ACK, bytes, 40, bytes.length - 40, 0).map((m) => m.method)).toEqual(['ACK']);
    // Port reuse: a SYN with an old-looking sequence number must not be taken for a retransmission.
    expect(r.push(KEY, 10, SYN, bytes, 0, bytes.length, 0).map((m) => m.method)).toEqual(['ACK']);
  });

  it('non-SIP connections are not tracked', () => {
    const r = new SipTcpReassembler();
    const http = utf8('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n');
    r.push('web', 1, PSH_ACK, http, 0, http.length, 0);
    r.push('empty', 1, 0x10, http, 0, 0, 0);
    expect(r.connectionCount).toBe(0);
  });

  it('offset and length select the payload; bad ranges are ignored', () => {
    const r = new SipTcpReassembler();
    const bytes = concat(utf8('HEADERS'), utf8(TRYING), utf8('TRAILER'));
    const out = r.push(KEY, 1, PSH_ACK, bytes, 7, bytes.length - 14, 0);
    expect(out.map((m) => m.statusCode)).toEqual([100]);
    expect(r.push(KEY, 1, PSH_ACK, bytes, -5, 10, 0)).toEqual([]);
    expect(r.push(KEY, 1, PSH_ACK, bytes, 3, Number.NaN, Number.NaN)).toEqual([]);
  });
});
