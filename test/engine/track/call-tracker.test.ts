import { describe, expect, it } from 'vitest';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import { parseSipMessage, type SipMessage } from '../../../electron/engine/signalling/sip-message.ts';
import { CallTracker } from '../../../electron/engine/track/call-tracker.ts';
import { MediaRegistry } from '../../../electron/engine/track/media-registry.ts';

const CALL_ID = 'a84b4c76e66710@pc33.example.com';

function sdp(address: string, port: number, lines: string[]): string {
  return [
    'v=0',
    `o=- 1 1 IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 96 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:96 opus/48000/2',
    'a=rtpmap:101 telephone-event/8000',
    ...lines,
    '',
  ].join('\r\n');
}

/** A SIP message as text; `fromTag`/`toTag` identify the parties. */
function sip(startLine: string, cseq: string, options: { toTag?: string; body?: string } = {}): SipMessage {
  const body = options.body ?? '';
  const text = [
    startLine,
    'Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds',
    'From: "Alice <b>" <sip:alice@example.com>;tag=1928301774',
    `To: Bob <sip:bob@example.com>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: ${CALL_ID}`,
    `CSeq: ${cseq}`,
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
  const bytes = new TextEncoder().encode(text);
  const message = parseSipMessage(bytes, 0, bytes.length);
  if (typeof message === 'string') throw new Error(message);
  return message;
}

const at = (ms: number) => ({ sec: 1_700_000_000 + Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6, ms });

function infoTo(address: number[], port: number) {
  const info = newPacketInfo();
  info.ipVersion = 4;
  info.src.set([198, 51, 100, 99]);
  info.dst.set(address);
  info.srcPort = 7000;
  info.dstPort = port;
  return info;
}

describe('CallTracker', () => {
  it('follows INVITE / 180 / 200 / ACK / BYE and announces both sides media', () => {
    const registry = new MediaRegistry();
    const tracker = new CallTracker(registry);
    tracker.onMessage(
      sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE', { body: sdp('192.0.2.10', 4000, []) }),
      at(0),
    );
    tracker.onMessage(sip('SIP/2.0 180 Ringing', '1 INVITE', { toTag: 'b1' }), at(250));
    tracker.onMessage(
      sip('SIP/2.0 200 OK', '1 INVITE', { toTag: 'b1', body: sdp('192.0.2.20', 5000, ['a=ptime:30']) }),
      at(3250),
    );
    tracker.onMessage(sip('ACK sip:bob@example.com SIP/2.0', '1 ACK', { toTag: 'b1' }), at(3300));
    tracker.onMessage(sip('BYE sip:bob@example.com SIP/2.0', '2 BYE', { toTag: 'b1' }), at(63_250));
    const [call] = tracker.calls;
    expect(call).toMatchObject({
      callId: CALL_ID,
      state: 'ended',
      finalStatus: 200,
      endedBy: 'caller',
      messages: 5,
    });
    expect(call!.from.displayName).toBe('Alice <b>');
    expect(call!.ringing!.ms - call!.invite!.ms).toBe(250);
    expect(call!.end!.ms - call!.answer!.ms).toBe(60_000);
    expect(call!.codecs.caller).toEqual(['PCMU', 'opus', 'telephone-event']);

    const toCallee = registry.lookup(infoTo([192, 0, 2, 20], 5000))!;
    expect(toCallee.binding.party).toBe('callee');
    expect(toCallee.binding.packetTimeMs).toBe(30);
    expect(toCallee.binding.formats.get(96)).toMatchObject({
      clockRateHz: 48_000,
      encoding: 'opus',
      telephoneEvent: false,
    });
    expect(toCallee.binding.formats.get(101)?.telephoneEvent).toBe(true);
    expect(toCallee.binding.formats.get(0)).toMatchObject({
      clockRateHz: 8000,
      encoding: 'PCMU',
      telephoneEvent: false,
    });
    expect(registry.lookup(infoTo([192, 0, 2, 10], 4000))!.binding.party).toBe('caller');
  });

  it('a re-INVITE with sendonly after the answer is a hold', () => {
    const tracker = new CallTracker(new MediaRegistry());
    tracker.onMessage(
      sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE', {
        body: sdp('192.0.2.10', 4000, ['a=recvonly']),
      }),
      at(0),
    );
    tracker.onMessage(
      sip('SIP/2.0 200 OK', '1 INVITE', { toTag: 'b1', body: sdp('192.0.2.20', 5000, ['a=sendonly']) }),
      at(100),
    );
    expect(tracker.calls[0]!.held).toBe(false); // one-way media from the start is not a hold
    tracker.onMessage(
      sip('INVITE sip:bob@example.com SIP/2.0', '2 INVITE', {
        toTag: 'b1',
        body: sdp('192.0.2.10', 4000, ['a=sendonly']),
      }),
      at(5000),
    );
    expect(tracker.calls[0]!.held).toBe(true);
  });

  it('busy, cancelled, and an authentication challenge before the answer', () => {
    const busy = new CallTracker(new MediaRegistry());
    busy.onMessage(sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE'), at(0));
    busy.onMessage(sip('SIP/2.0 486 Busy Here', '1 INVITE', { toTag: 'x' }), at(900));
    expect(busy.calls[0]).toMatchObject({ state: 'failed', finalStatus: 486, finalReason: 'Busy Here' });

    const cancelled = new CallTracker(new MediaRegistry());
    cancelled.onMessage(sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE'), at(0));
    cancelled.onMessage(sip('SIP/2.0 180 Ringing', '1 INVITE', { toTag: 'x' }), at(200));
    cancelled.onMessage(sip('CANCEL sip:bob@example.com SIP/2.0', '1 CANCEL'), at(5000));
    cancelled.onMessage(sip('SIP/2.0 487 Request Terminated', '1 INVITE', { toTag: 'x' }), at(5010));
    expect(cancelled.calls[0]).toMatchObject({ state: 'cancelled', finalStatus: 487, endedBy: 'caller' });
    expect(cancelled.calls[0]!.end!.ms).toBe(5000);

    const challenged = new CallTracker(new MediaRegistry());
    challenged.onMessage(sip('INVITE sip:bob@example.com SIP/2.0', '1 INVITE'), at(0));
    challenged.onMessage(
      sip('SIP/2.0 407 Proxy Authentication Required', '1 INVITE', { toTag: 'p' }),
      at(10),
    );
    challenged.onMessage(sip('INVITE sip:bob@example.com SIP/2.0', '2 INVITE'), at(20));
    challenged.onMessage(sip('SIP/2.0 200 OK', '2 INVITE', { toTag: 'b' }), at(2000));
    expect(challenged.calls[0]).toMatchObject({ state: 'answered', finalStatus: 200, end: null });
  });

  it('ignores messages of dialogs it never saw an INVITE for', () => {
    const tracker = new CallTracker(new MediaRegistry());
    tracker.onMessage(sip('BYE sip:bob@example.com SIP/2.0', '2 BYE', { toTag: 'b1' }), at(0));
    tracker.onMessage(sip('REGISTER sip:example.com SIP/2.0', '1 REGISTER'), at(0));
    expect(tracker.calls).toHaveLength(0);
  });
});
