import { describe, expect, it } from 'vitest';
import {
  isHold,
  MAX_SDP_MEDIA,
  MAX_SDP_PAYLOADS,
  parseSdp,
  type SdpSession,
} from '../../../electron/engine/signalling/sdp.ts';
import { SDP_ANSWER, SDP_EARLY, SDP_HOLD, SDP_HOLD_OLD_STYLE, SDP_OFFER, SDP_T38 } from './sip-fixtures.ts';

function sdp(...lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

const HEAD = ['v=0', 'o=- 1 1 IN IP4 203.0.113.5', 's=-', 'c=IN IP4 203.0.113.5', 't=0 0'];

function parsed(text: string): SdpSession {
  const session = parseSdp(text);
  if (session === null) throw new Error('expected SDP');
  return session;
}

describe('parseSdp', () => {
  it('offer: payloads in m= line order with rtpmap, channels, fmtp and ptime', () => {
    const s = parsed(SDP_OFFER);
    expect(s.origin).toEqual({
      username: 'alice',
      sessionId: '2890844526',
      sessionVersion: '2890844526',
      address: '192.0.2.10',
    });
    expect(s.address).toBe('192.0.2.10');
    expect(s.direction).toBe('sendrecv');
    expect(s.media).toHaveLength(1);
    const m = s.media[0]!;
    expect(m).toMatchObject({
      type: 'audio',
      address: '192.0.2.10',
      port: 49170,
      rtcpPort: 49171,
      rtcpMux: false,
      protocol: 'RTP/AVP',
      direction: 'sendrecv',
      packetTimeMs: 20,
      maxPacketTimeMs: 40,
    });
    expect(m.payloads).toEqual([
      {
        payloadType: 111,
        encoding: 'opus',
        clockRateHz: 48000,
        channels: 2,
        fmtp: 'minptime=10;useinbandfec=1',
      },
      { payloadType: 0, encoding: 'PCMU', clockRateHz: 8000, channels: null, fmtp: null },
      { payloadType: 8, encoding: 'PCMA', clockRateHz: 8000, channels: null, fmtp: null },
      { payloadType: 101, encoding: 'telephone-event', clockRateHz: 8000, channels: null, fmtp: '0-16' },
    ]);
    expect(isHold(m)).toBe(false);
  });

  it('answer: a=rtcp gives the RTCP port', () => {
    const m = parsed(SDP_ANSWER).media[0]!;
    expect(m.port).toBe(3456);
    expect(m.rtcpPort).toBe(3460);
    expect(m.address).toBe('198.51.100.20');
    expect(m.payloads.map((p) => p.payloadType)).toEqual([0, 101]);
  });

  it('early media with a=sendonly', () => {
    const m = parsed(SDP_EARLY).media[0]!;
    expect(m.direction).toBe('sendonly');
    expect(isHold(m)).toBe(true);
  });

  it('hold with a=sendonly', () => {
    const m = parsed(SDP_HOLD).media[0]!;
    expect(m.direction).toBe('sendonly');
    expect(isHold(m)).toBe(true);
  });

  it('old-style hold: c=IN IP4 0.0.0.0 keeps the address and the direction as given', () => {
    const m = parsed(SDP_HOLD_OLD_STYLE).media[0]!;
    expect(m.address).toBe('0.0.0.0');
    expect(m.direction).toBe('sendrecv');
    expect(isHold(m)).toBe(true);
  });

  it('inactive is hold; recvonly is not', () => {
    const s = parsed(
      sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=inactive', 'm=audio 4002 RTP/AVP 0', 'a=recvonly'),
    );
    expect(isHold(s.media[0]!)).toBe(true);
    expect(isHold(s.media[1]!)).toBe(false);
  });

  it('T.38: m=image 5004 udptl t38 has no RTP payloads and no RTCP port', () => {
    const m = parsed(SDP_T38).media[0]!;
    expect(m).toMatchObject({ type: 'image', port: 5004, protocol: 'udptl', rtcpPort: null, payloads: [] });
    expect(m.address).toBe('192.0.2.10');
  });

  it('media-level direction overrides the session level', () => {
    const s = parsed(
      sdp(
        ...HEAD,
        'a=recvonly',
        'm=audio 4000 RTP/AVP 0',
        'm=video 4002 RTP/AVP 96',
        'a=sendrecv',
        'a=rtpmap:96 H264/90000',
      ),
    );
    expect(s.direction).toBe('recvonly');
    expect(s.media[0]!.direction).toBe('recvonly');
    expect(s.media[1]!.direction).toBe('sendrecv');
  });

  it('static payload types without rtpmap get their RFC 3551 name and clock; dynamic ones get null', () => {
    const m = parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 0 3 4 8 9 18 13 97 20')).media[0]!;
    expect(m.payloads.map((p) => [p.payloadType, p.encoding, p.clockRateHz])).toEqual([
      [0, 'PCMU', 8000],
      [3, 'GSM', 8000],
      [4, 'G723', 8000],
      [8, 'PCMA', 8000],
      [9, 'G722', 8000],
      [18, 'G729', 8000],
      [13, 'CN', 8000],
      [97, null, null],
      [20, null, null],
    ]);
  });

  it('IPv6 connection address; media-level c= overrides the session', () => {
    const s = parsed(
      sdp(
        'v=0',
        'o=- 1 1 IN IP6 2001:db8::1',
        's=-',
        'c=IN IP6 2001:db8::1',
        't=0 0',
        'm=audio 4000 RTP/AVP 0',
        'm=audio 4002 RTP/AVP 0',
        'c=IN IP4 233.252.0.1/127',
      ),
    );
    expect(s.address).toBe('2001:db8::1');
    expect(s.media[0]!.address).toBe('2001:db8::1');
    expect(s.media[1]!.address).toBe('233.252.0.1');
  });

  it('no c= at all gives a null address', () => {
    const s = parsed(sdp('v=0', 'o=- 1 1 IN IP4 h', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0'));
    expect(s.address).toBeNull();
    expect(s.media[0]!.address).toBeNull();
  });

  it('rtcp-mux puts RTCP on the media port', () => {
    const m = parsed(
      sdp(...HEAD, 'm=audio 50000 UDP/TLS/RTP/SAVPF 111', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2'),
    ).media[0]!;
    expect(m.rtcpMux).toBe(true);
    expect(m.rtcpPort).toBe(50000);
    expect(m.protocol).toBe('UDP/TLS/RTP/SAVPF');
  });

  it('port 0 (rejected stream) and m= with a port count', () => {
    const s = parsed(sdp(...HEAD, 'm=video 0 RTP/AVP 96', 'm=audio 49170/2 RTP/AVP 0'));
    expect(s.media[0]!).toMatchObject({ type: 'video', port: 0, rtcpPort: null });
    expect(s.media[1]!).toMatchObject({ type: 'audio', port: 49170, rtcpPort: 49171 });
    expect(s.media[1]!.payloads[0]!.encoding).toBe('PCMU');
  });

  it('an unreadable port becomes 0; payload types above 127 and non-numbers are skipped', () => {
    const s = parsed(sdp(...HEAD, 'm=audio 99999 RTP/AVP 0 128 abc 8 8', 'm=audio x RTP/AVP 0'));
    expect(s.media[0]!.port).toBe(0);
    expect(s.media[0]!.payloads.map((p) => p.payloadType)).toEqual([0, 8]);
    expect(s.media[1]!.port).toBe(0);
  });

  it('session-level ptime applies to media without one', () => {
    const s = parsed(
      sdp(...HEAD, 'a=ptime:30', 'm=audio 4000 RTP/AVP 8', 'm=audio 4002 RTP/AVP 8', 'a=ptime:20'),
    );
    expect(s.media.map((m) => m.packetTimeMs)).toEqual([30, 20]);
  });

  it('LF-only line ends and a BOM before v=', () => {
    const s = parsed('\ufeffv=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 7078 RTP/AVP 0\n');
    expect(s.media[0]!.port).toBe(7078);
    expect(s.media[0]!.address).toBe('192.0.2.1');
  });

  it('not SDP: null', () => {
    expect(parseSdp('')).toBeNull();
    expect(parseSdp('   \r\n')).toBeNull();
    expect(parseSdp('hello world')).toBeNull();
    expect(parseSdp('<html><body>v=0</body></html>')).toBeNull();
    expect(parseSdp('SIP/2.0 200 OK\r\n\r\nv=0')).toBeNull();
    expect(parseSdp(42 as unknown as string)).toBeNull();
  });

  it('caps: 64 media, 128 payloads per media', () => {
    const media = Array.from({ length: 100 }, (_, i) => `m=audio ${4000 + 2 * i} RTP/AVP 0`);
    expect(parsed(sdp(...HEAD, ...media)).media).toHaveLength(MAX_SDP_MEDIA);
    const many = Array.from({ length: 200 }, (_, i) => i % 128).join(' ');
    const m = parsed(sdp(...HEAD, `m=audio 4000 RTP/AVP ${many}`)).media[0]!;
    expect(m.payloads.length).toBeLessThanOrEqual(MAX_SDP_PAYLOADS);
  });

  it('input beyond 64 KiB is ignored from the last line break before the cut', () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `a=x-filler:${i} ${'z'.repeat(20)}`);
    const s = parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', ...filler, 'm=audio 5000 RTP/AVP 8'));
    expect(s.media.map((m) => m.port)).toEqual([4000]);
  });

  it('long attribute lines are dropped quickly (no regular expression sees them)', () => {
    const nasty = [
      `a=simulcast:send ${'send'.repeat(2500)}!`,
      `a=imageattr:97 send ${'[x=1,'.repeat(2000)}`,
      `a=candidate:${'1 '.repeat(5000)}`,
      `a=fmtp:96 ${'a;'.repeat(5000)}`,
    ];
    const started = performance.now();
    const s = parsed(sdp(...HEAD, 'm=video 4000 RTP/AVP 96', ...nasty, 'a=rtpmap:96 VP8/90000'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(s.media[0]!.payloads[0]).toMatchObject({ encoding: 'VP8', clockRateHz: 90000, fmtp: null });
  });

  it('fmtp is capped at 1024 characters', () => {
    const m = parsed(
      sdp(...HEAD, 'm=video 4000 RTP/AVP 96', 'a=rtpmap:96 H264/90000', `a=fmtp:96 ${'p'.repeat(3000)}`),
    ).media[0]!;
    expect(m.payloads[0]!.fmtp?.length).toBe(1024);
  });

  it('a malformed origin is null; huge session ids stay exact text', () => {
    expect(parsed(sdp('v=0', 'o=broken', 's=-', 't=0 0')).origin).toBeNull();
    const o = parsed(sdp('v=0', 'o=- 18446744073709551615 0012 IN IP4 h', 's=-', 't=0 0')).origin;
    expect(o).toEqual({
      username: '-',
      sessionId: '18446744073709551615',
      sessionVersion: '0012',
      address: 'h',
    });
  });

  it('rtpmap names as written, unusual clock and channel values rejected', () => {
    const m = parsed(
      sdp(
        ...HEAD,
        'm=audio 4000 RTP/AVP 96 97 98 1',
        'a=rtpmap:96 AMR-WB/16000/1',
        'a=rtpmap:97 speex/0',
        'a=rtpmap:98 G7221/16000/0',
        'a=rtpmap:1 1016/8000',
      ),
    ).media[0]!;
    expect(m.payloads.map((p) => [p.encoding, p.clockRateHz, p.channels])).toEqual([
      ['AMR-WB', 16000, 1],
      ['speex', null, null],
      ['G7221', 16000, null],
      ['1016', 8000, null],
    ]);
  });
});
