import { describe, expect, it } from 'vitest';
import { parseSdp } from '../../../electron/engine/signalling/sdp.ts';
import {
  looksLikeSip,
  MAX_SIP_BODY_BYTES,
  parseSipMessage,
  SIP_PARSE_FAILURES,
  type SipMessage,
  type SipParseFailure,
} from '../../../electron/engine/signalling/sip-message.ts';
import {
  ACK,
  BYE,
  CALL_ID,
  CANCEL,
  INVITE,
  OK_INVITE,
  REGISTER,
  REGISTER_UNAUTHORIZED,
  REINVITE_HOLD,
  REINVITE_T38,
  REQUEST_TERMINATED,
  RINGING,
  rtpPacket,
  SDP_ANSWER,
  SDP_EARLY,
  SDP_OFFER,
  SESSION_PROGRESS,
  sipBytes,
  sipText,
  TRYING,
  utf8,
} from './sip-fixtures.ts';

/** Parses text that must be a message. */
function parse(text: string | Uint8Array, transport?: 'datagram' | 'stream'): SipMessage {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  const result = parseSipMessage(bytes, 0, bytes.length, transport === undefined ? {} : { transport });
  if (typeof result === 'string') throw new Error(`expected a message, got ${result}`);
  return result;
}

function fail(text: string | Uint8Array, transport?: 'datagram' | 'stream'): SipParseFailure | SipMessage {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  return parseSipMessage(bytes, 0, bytes.length, transport === undefined ? {} : { transport });
}

/** The minimal headers every message needs, plus `extra`. */
function minimal(extra: readonly string[] = [], from = 'From: <sip:a@example.com>;tag=1'): string[] {
  return [
    'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
    from,
    'To: <sip:b@example.com>',
    'Call-ID: c1',
    'CSeq: 1 OPTIONS',
    ...extra,
  ];
}

describe('parseSipMessage: the messages of a call', () => {
  it('INVITE with an SDP offer', () => {
    const m = parse(INVITE);
    expect(m.kind).toBe('request');
    expect(m.method).toBe('INVITE');
    expect(m.requestUri).toBe('sip:bob@biloxi.example.com');
    expect(m.statusCode).toBeNull();
    expect(m.reasonPhrase).toBeNull();
    expect(m.callId).toBe(CALL_ID);
    expect(m.from).toEqual({
      displayName: 'Alice Liddell',
      uri: 'sip:alice@atlanta.example.com',
      tag: '1928301774',
    });
    expect(m.to).toEqual({ displayName: 'Bob', uri: 'sip:bob@biloxi.example.com', tag: null });
    expect(m.cseq).toEqual({ sequence: 314159, method: 'INVITE' });
    expect(m.contentType).toBe('application/sdp');
    expect(m.contentLength).toBe(utf8(SDP_OFFER).length);
    expect(m.body).toBe(SDP_OFFER);
    expect(m.totalBytes).toBe(utf8(INVITE).length);
    expect(m.headerBytes).toBe(utf8(INVITE).length - utf8(SDP_OFFER).length);
    const sdp = parseSdp(m.body);
    expect(sdp?.media[0]?.payloads.map((p) => p.encoding)).toEqual([
      'opus',
      'PCMU',
      'PCMA',
      'telephone-event',
    ]);
  });

  it('100 Trying takes its method from CSeq', () => {
    const m = parse(TRYING);
    expect(m.kind).toBe('response');
    expect(m.statusCode).toBe(100);
    expect(m.reasonPhrase).toBe('Trying');
    expect(m.method).toBe('INVITE');
    expect(m.requestUri).toBeNull();
    expect(m.contentLength).toBe(0);
    expect(m.body).toBe('');
    expect(m.contentType).toBeNull();
  });

  it('180 Ringing carries the To tag', () => {
    const m = parse(RINGING);
    expect(m.statusCode).toBe(180);
    expect(m.reasonPhrase).toBe('Ringing');
    expect(m.to.tag).toBe('a6c85cf');
  });

  it('183 Session Progress with early-media SDP', () => {
    const m = parse(SESSION_PROGRESS);
    expect(m.statusCode).toBe(183);
    expect(m.reasonPhrase).toBe('Session Progress');
    expect(m.body).toBe(SDP_EARLY);
    expect(parseSdp(m.body)?.media[0]?.direction).toBe('sendonly');
  });

  it('200 OK with the answer (Content-Type parameters removed)', () => {
    const m = parse(OK_INVITE);
    expect(m.statusCode).toBe(200);
    expect(m.method).toBe('INVITE');
    expect(m.contentType).toBe('application/sdp');
    expect(m.body).toBe(SDP_ANSWER);
    expect(parseSdp(m.body)?.media[0]?.port).toBe(3456);
  });

  it('ACK', () => {
    const m = parse(ACK);
    expect(m.method).toBe('ACK');
    expect(m.requestUri).toBe('sip:bob@198.51.100.20:5060');
    expect(m.cseq).toEqual({ sequence: 314159, method: 'ACK' });
  });

  it('re-INVITE putting the call on hold (a=sendonly)', () => {
    const m = parse(REINVITE_HOLD);
    expect(m.method).toBe('INVITE');
    expect(m.cseq.sequence).toBe(314160);
    expect(parseSdp(m.body)?.media[0]?.direction).toBe('sendonly');
  });

  it('re-INVITE switching to T.38', () => {
    const m = parse(REINVITE_T38);
    expect(m.cseq.sequence).toBe(314161);
    const media = parseSdp(m.body)?.media[0];
    expect(media?.type).toBe('image');
    expect(media?.protocol).toBe('udptl');
    expect(media?.port).toBe(5004);
  });

  it('BYE', () => {
    const m = parse(BYE);
    expect(m.method).toBe('BYE');
    expect(m.from).toEqual({ displayName: 'Bob', uri: 'sip:bob@biloxi.example.com', tag: 'a6c85cf' });
    expect(m.to.displayName).toBe('Alice Liddell');
  });

  it('CANCEL', () => {
    const m = parse(CANCEL);
    expect(m.method).toBe('CANCEL');
    expect(m.cseq).toEqual({ sequence: 314159, method: 'CANCEL' });
  });

  it('487 Request Terminated', () => {
    const m = parse(REQUEST_TERMINATED);
    expect(m.statusCode).toBe(487);
    expect(m.reasonPhrase).toBe('Request Terminated');
    expect(m.method).toBe('INVITE');
  });

  it('REGISTER', () => {
    const m = parse(REGISTER);
    expect(m.method).toBe('REGISTER');
    expect(m.requestUri).toBe('sip:registrar.biloxi.example.com');
    expect(m.callId).toBe('843817637684230@998sdasdh09');
  });

  it('401 Unauthorized to a REGISTER', () => {
    const m = parse(REGISTER_UNAUTHORIZED);
    expect(m.statusCode).toBe(401);
    expect(m.reasonPhrase).toBe('Unauthorized');
    expect(m.method).toBe('REGISTER');
    expect(m.to.tag).toBe('2493k59kd');
  });
});

describe('parseSipMessage: syntax variants', () => {
  it('compact header forms (i f t l c m v)', () => {
    const text = [
      'INVITE sip:bob@biloxi.example.com SIP/2.0',
      'v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKkjshdyff',
      't: Bob <sip:bob@biloxi.example.com>',
      'f: Alice <sip:alice@atlanta.example.com>;tag=88sja8x',
      'i: compact-call-id',
      'CSeq: 987 INVITE',
      'm: <sip:alice@192.0.2.10>',
      'c: application/sdp',
      `l: ${utf8(SDP_OFFER).length}`,
      '',
      SDP_OFFER,
    ].join('\r\n');
    const m = parse(text);
    expect(m.callId).toBe('compact-call-id');
    expect(m.from).toEqual({ displayName: 'Alice', uri: 'sip:alice@atlanta.example.com', tag: '88sja8x' });
    expect(m.to.uri).toBe('sip:bob@biloxi.example.com');
    expect(m.contentType).toBe('application/sdp');
    expect(m.body).toBe(SDP_OFFER);
  });

  it('header names in any case, spaces before the colon', () => {
    const text = sipText('OPTIONS sip:carol@chicago.example.com SIP/2.0', [
      'CALL-ID : upper-case',
      'fRoM: <sip:a@example.com>;TAG=x1',
      'tO:<sip:b@example.com>',
      'cseq:   7   OPTIONS',
    ]);
    const m = parse(text);
    expect(m.callId).toBe('upper-case');
    expect(m.from.tag).toBe('x1');
    expect(m.to.uri).toBe('sip:b@example.com');
    expect(m.cseq).toEqual({ sequence: 7, method: 'OPTIONS' });
  });

  it('folded headers (continuation lines starting with SP or HT)', () => {
    const text = sipText('INVITE sip:bob@biloxi.example.com SIP/2.0', [
      'Via: SIP/2.0/UDP pc33.atlanta.example.com',
      '  ;branch=z9hG4bK776asdhds',
      'From: "Alice Liddell"',
      '\t<sip:alice@atlanta.example.com>',
      '  ;tag=folded',
      'To: <sip:bob@biloxi.example.com>',
      'Call-ID:',
      ' folded-call-id',
      'CSeq: 1',
      '\tINVITE',
    ]);
    const m = parse(text);
    expect(m.from).toEqual({
      displayName: 'Alice Liddell',
      uri: 'sip:alice@atlanta.example.com',
      tag: 'folded',
    });
    expect(m.callId).toBe('folded-call-id');
    expect(m.cseq).toEqual({ sequence: 1, method: 'INVITE' });
  });

  it('bare LF line ends', () => {
    const text = sipText(
      'INVITE sip:bob@biloxi.example.com SIP/2.0',
      minimal(['Content-Type: application/sdp']),
      'v=0\nm=audio 4000 RTP/AVP 0\n',
      { eol: '\n' },
    );
    const m = parse(text);
    expect(m.method).toBe('INVITE');
    expect(m.body).toBe('v=0\nm=audio 4000 RTP/AVP 0\n');
    expect(m.totalBytes).toBe(utf8(text).length);
    expect(parseSdp(m.body)?.media[0]?.port).toBe(4000);
  });

  it('any RFC 3261 token is a method; tel: and sips: request URIs', () => {
    for (const [method, uri] of [
      ['PRACK', 'sip:bob@example.com'],
      ['UPDATE', 'sips:bob@example.com'],
      ['INFO', 'tel:+15551234567'],
      ['REFER', 'sip:bob@example.com'],
      ['NOTIFY', 'sip:bob@example.com'],
      ['SUBSCRIBE', 'sip:bob@example.com'],
      ['MESSAGE', 'sip:bob@example.com'],
      ['PUBLISH', 'sip:bob@example.com'],
      ['X-Custom.method!', 'sip:bob@example.com'],
    ] as const) {
      const m = parse(sipText(`${method} ${uri} SIP/2.0`, minimal()));
      expect(m.method).toBe(method);
      expect(m.requestUri).toBe(uri);
    }
  });

  it('display names: quotes, escaped quotes, UTF-8, HTML and control characters kept verbatim', () => {
    const cases: [string, string | null][] = [
      ['"Bob \\"The Builder\\" \\\\ Jr" <sip:bob@example.com>;tag=9', 'Bob "The Builder" \\ Jr'],
      ['"Zoë Ørsted 日本 🎧" <sip:zoe@example.com>;tag=9', 'Zoë Ørsted 日本 🎧'],
      ['"<script>alert(1)</script>" <sip:x@example.com>;tag=9', '<script>alert(1)</script>'],
      [
        '"\u0001Bell\u0007 \u001b[31mred\u007f" <sip:x@example.com>;tag=9',
        '\u0001Bell\u0007 \u001b[31mred\u007f',
      ],
      ['Alice  Smith <sip:alice@example.com>;tag=9', 'Alice  Smith'],
      ['"" <sip:anonymous@anonymous.invalid>;tag=9', ''],
      ['<sip:x@example.com>;tag=9', null],
    ];
    for (const [header, displayName] of cases) {
      const m = parse(sipText('MESSAGE sip:b@example.com SIP/2.0', minimal([], `From: ${header}`)));
      expect(m.from.displayName).toBe(displayName);
      expect(m.from.tag).toBe('9');
    }
  });

  it('bare-URI From: parameters after ";" are header parameters', () => {
    const m = parse(
      sipText('OPTIONS sip:b@example.com SIP/2.0', minimal([], 'From: sip:alice@example.com;tag=abc')),
    );
    expect(m.from).toEqual({ displayName: null, uri: 'sip:alice@example.com', tag: 'abc' });
    const bracketed = parse(
      sipText(
        'OPTIONS sip:b@example.com SIP/2.0',
        minimal([], 'f: <sip:alice@example.com;transport=tcp>;tag=t2'),
      ),
    );
    expect(bracketed.from).toEqual({
      displayName: null,
      uri: 'sip:alice@example.com;transport=tcp',
      tag: 't2',
    });
  });

  it('a message at an offset: bytes after Content-Length are not consumed', () => {
    const message = utf8(sipText('OPTIONS sip:b@example.com SIP/2.0', minimal(), 'hello'));
    const bytes = new Uint8Array(7 + message.length + 20).fill(0x41);
    bytes.set(message, 7);
    const result = parseSipMessage(bytes, 7, bytes.length - 7);
    expect(typeof result).toBe('object');
    const m = result as SipMessage;
    expect(m.body).toBe('hello');
    expect(m.totalBytes).toBe(message.length);
  });

  it('invalid UTF-8 in headers and body becomes U+FFFD', () => {
    const head = utf8(
      sipText('MESSAGE sip:b@example.com SIP/2.0', minimal(['Content-Type: text/plain']), 'ab', {}),
    );
    const bytes = new Uint8Array(head.length);
    bytes.set(head);
    bytes[bytes.length - 2] = 0xff; // body 'ab' -> 0xff 'b'
    expect(parse(bytes).body).toBe('\ufffdb');
  });
});

describe('parseSipMessage: bodies and Content-Length', () => {
  it('Content-Length bigger than the datagram is sip-truncated', () => {
    const text = sipText('INVITE sip:bob@example.com SIP/2.0', minimal(), SDP_OFFER, { contentLength: 5000 });
    expect(fail(text)).toBe('sip-truncated');
  });

  it('missing Content-Length: the rest of a datagram, nothing on a stream', () => {
    const text = sipText('MESSAGE sip:b@example.com SIP/2.0', minimal(), 'rest of datagram', {
      contentLength: null,
    });
    const datagram = parse(text);
    expect(datagram.body).toBe('rest of datagram');
    expect(datagram.contentLength).toBeNull();
    expect(datagram.totalBytes).toBe(utf8(text).length);
    const stream = parse(text, 'stream');
    expect(stream.body).toBe('');
    expect(stream.totalBytes).toBe(stream.headerBytes);
  });

  it('a datagram whose header section has no closing empty line ends with the datagram', () => {
    const text = ['OPTIONS sip:b@example.com SIP/2.0', ...minimal()].join('\r\n');
    const m = parse(text);
    expect(m.callId).toBe('c1');
    expect(m.body).toBe('');
    expect(m.totalBytes).toBe(utf8(text).length);
    expect(fail(text, 'stream')).toBe('sip-truncated');
  });

  it('the body is decoded up to 64 KiB but consumed whole', () => {
    const body = 'x'.repeat(MAX_SIP_BODY_BYTES + 5000);
    const text = sipText('MESSAGE sip:b@example.com SIP/2.0', minimal(['Content-Type: text/plain']), body);
    const m = parse(text, 'stream');
    expect(m.body.length).toBe(MAX_SIP_BODY_BYTES);
    expect(m.totalBytes).toBe(utf8(text).length);
  });

  it('Content-Length that is not a number, too large, or given twice differently', () => {
    const start = 'OPTIONS sip:b@example.com SIP/2.0';
    expect(fail(sipText(start, [...minimal(), 'Content-Length: abc'], '', { contentLength: null }))).toBe(
      'sip-bad-content-length',
    );
    expect(fail(sipText(start, [...minimal(), 'Content-Length: -1'], '', { contentLength: null }))).toBe(
      'sip-bad-content-length',
    );
    expect(fail(sipText(start, minimal(), '', { contentLength: 99_999_999_999 }))).toBe(
      'sip-bad-content-length',
    );
    expect(fail(sipText(start, [...minimal(), 'l: 4'], 'abcd', { contentLength: 0 }))).toBe(
      'sip-bad-content-length',
    );
    // The same value twice is fine.
    expect(parse(sipText(start, [...minimal(), 'l: 4'], 'abcd')).body).toBe('abcd');
  });
});

describe('parseSipMessage: failures and caps', () => {
  it('missing Call-ID is sip-missing-header (and so are From, To, CSeq, and an empty Call-ID)', () => {
    const headers = minimal();
    for (const name of ['Call-ID', 'From', 'To', 'CSeq']) {
      const without = headers.filter((h) => !h.startsWith(`${name}:`));
      expect(fail(sipText('OPTIONS sip:b@example.com SIP/2.0', without))).toBe('sip-missing-header');
    }
    const empty = headers.map((h) => (h.startsWith('Call-ID:') ? 'Call-ID:   ' : h));
    expect(fail(sipText('OPTIONS sip:b@example.com SIP/2.0', empty))).toBe('sip-missing-header');
  });

  it('a 70 KiB header section is sip-header-too-large', () => {
    const filler = Array.from({ length: 70 }, (_, i) => `X-Filler-${i}: ${'a'.repeat(1000)}`);
    const text = sipText('OPTIONS sip:b@example.com SIP/2.0', [...minimal(), ...filler]);
    expect(fail(text)).toBe('sip-header-too-large');
    expect(fail(text, 'stream')).toBe('sip-header-too-large');
    // One line of 70 KiB too.
    expect(
      fail(sipText('OPTIONS sip:b@example.com SIP/2.0', [...minimal(), `X-Long: ${'b'.repeat(70 * 1024)}`])),
    ).toBe('sip-header-too-large');
  });

  it('more than 256 header lines is sip-too-many-headers', () => {
    const many = Array.from({ length: 260 }, (_, i) => `X-H${i}: ${i}`);
    expect(fail(sipText('OPTIONS sip:b@example.com SIP/2.0', [...minimal(), ...many]))).toBe(
      'sip-too-many-headers',
    );
  });

  it('binary garbage and RTP bytes are not-sip', () => {
    expect(fail(rtpPacket())).toBe('not-sip');
    expect(fail(new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x0d, 0x0a]))).toBe('not-sip');
    expect(fail(new Uint8Array(0))).toBe('not-sip');
    expect(fail('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n')).toBe('not-sip');
    expect(fail('HTTP/1.1 200 OK\r\n\r\n')).toBe('not-sip');
  });

  it('a status code outside 100..699 or junk after it is sip-bad-start-line', () => {
    expect(fail(sipText('SIP/2.0 700 Weird', minimal()))).toBe('sip-bad-start-line');
    expect(fail(sipText('SIP/2.0 099 Early', minimal()))).toBe('sip-bad-start-line');
    expect(fail(sipText('SIP/2.0 2000 OK', minimal()))).toBe('sip-bad-start-line');
    expect(parse(sipText('SIP/2.0 200', minimal())).reasonPhrase).toBe('');
  });

  it('a bad CSeq is sip-bad-cseq; a bad From is sip-bad-address', () => {
    const withCseq = (cseq: string) =>
      sipText('OPTIONS sip:b@example.com SIP/2.0', [...minimal().filter((h) => !h.startsWith('CSeq')), cseq]);
    expect(fail(withCseq('CSeq: INVITE'))).toBe('sip-bad-cseq');
    expect(fail(withCseq('CSeq: 4294967296 INVITE'))).toBe('sip-bad-cseq');
    expect(fail(withCseq('CSeq: 1 INVITE extra'))).toBe('sip-bad-cseq');
    expect(parse(withCseq('CSeq: 4294967295 INVITE')).cseq.sequence).toBe(4294967295);
    for (const from of [
      'From: "unterminated <sip:a@b>',
      'From: Alice <sip:a@b',
      'From: ;tag=1',
      'From: "x" junk <sip:a@b>',
    ]) {
      expect(fail(sipText('OPTIONS sip:b@example.com SIP/2.0', minimal([], from)))).toBe('sip-bad-address');
    }
  });

  it('strings are capped: display name, URIs and Call-ID at 256, reason phrase at 128', () => {
    const long = 'n'.repeat(1000);
    const text = sipText(`SIP/2.0 200 ${'r'.repeat(500)}`, [
      `From: "${long}" <sip:${'u'.repeat(1000)}@example.com>;tag=${'t'.repeat(1000)}`,
      'To: <sip:b@example.com>',
      `Call-ID: ${'c'.repeat(1000)}`,
      'CSeq: 1 INVITE',
    ]);
    const m = parse(text);
    expect(m.from.displayName?.length).toBe(256);
    expect(m.from.uri.length).toBe(256);
    expect(m.from.tag?.length).toBe(256);
    expect(m.callId.length).toBe(256);
    expect(m.reasonPhrase?.length).toBe(128);
    const request = parse(sipText(`INVITE sip:${'u'.repeat(1000)}@example.com SIP/2.0`, minimal()));
    expect(request.requestUri?.length).toBe(256);
  });

  it('a cap never splits a surrogate pair', () => {
    const text = sipText(
      'OPTIONS sip:b@example.com SIP/2.0',
      minimal([], `From: "a${'🎧'.repeat(200)}" <sip:a@b>`),
    );
    const name = parse(text).from.displayName!;
    expect(name.length).toBe(255);
    expect(name.endsWith('🎧')).toBe(true);
  });

  it('folded values with long runs of blanks are unfolded in linear time', () => {
    const from = `From: <sip:a@example.com>${' '.repeat(60_000)}x\r\n\t;tag=t${'\t'.repeat(1000)}`;
    const started = performance.now();
    const m = parse(sipText('OPTIONS sip:b@example.com SIP/2.0', minimal([], from)));
    expect(performance.now() - started).toBeLessThan(500);
    expect(m.from.uri).toBe('sip:a@example.com');
    expect(m.from.tag).toBe('t');
  });

  it('nonsensical offset/length never throw', () => {
    const bytes = utf8(INVITE);
    expect(parseSipMessage(bytes, -1, 10)).toBe('not-sip');
    expect(parseSipMessage(bytes, bytes.length + 1, 10)).toBe('not-sip');
    expect(parseSipMessage(bytes, 0.5, 10)).toBe('not-sip');
    expect(parseSipMessage(bytes, 0, Number.NaN)).toBe('not-sip');
    expect(typeof parseSipMessage(bytes, 0, bytes.length * 10)).toBe('object'); // length clamped
  });

  it('every failure reason is listed once', () => {
    expect(new Set(SIP_PARSE_FAILURES).size).toBe(SIP_PARSE_FAILURES.length);
  });
});

describe('looksLikeSip', () => {
  const yes = [
    'INVITE sip:bob@biloxi.example.com SIP/2.0\r\n',
    'ACK sip:bob@198.51.100.20:5060 SIP/2.0\r\n',
    'BYE sips:alice@example.com SIP/2.0\n',
    'OPTIONS tel:+15551234567 SIP/2.0\r\n',
    'FOO-BAR sip:x SIP/2.0\r\n',
    'invite SIP:bob@example.com sip/2.0\r\n',
    'SIP/2.0 200 OK\r\n',
    'SIP/2.0 100',
    'SIP/2.0 999 not checked here',
    INVITE,
    TRYING,
  ];
  const no = [
    '',
    'INVITE',
    'INVITE sip:bob@example.com', // no version yet
    'INVITE sip:bob@example.com SIP/2.0', // no line end yet
    'INVITE http://example.com SIP/2.0\r\n',
    'INVITE  sip:bob@example.com SIP/2.0\r\n',
    'INVITE sip:bob@example.com SIP/3.0\r\n',
    'INVITE sip:bob@example.com SIP/2.0 \r\n',
    ' INVITE sip:bob@example.com SIP/2.0\r\n',
    '\r\nINVITE sip:bob@example.com SIP/2.0\r\n',
    'INV<ITE sip:bob@example.com SIP/2.0\r\n',
    `${'A'.repeat(33)} sip:bob@example.com SIP/2.0\r\n`,
    `INVITE sip:${'a'.repeat(5000)} SIP/2.0\r\n`,
    'SIP/2.0 20',
    'SIP/2.0 OK',
    'SIP/2.0  200 OK',
    'HTTP/1.1 200 OK\r\n',
    'GET / HTTP/1.1\r\n',
  ];
  for (const text of yes) {
    it(`true: ${JSON.stringify(text.slice(0, 48))}`, () => {
      const bytes = utf8(text);
      expect(looksLikeSip(bytes, 0, bytes.length)).toBe(true);
    });
  }
  for (const text of no) {
    it(`false: ${JSON.stringify(text.slice(0, 48))}`, () => {
      const bytes = utf8(text);
      expect(looksLikeSip(bytes, 0, bytes.length)).toBe(false);
    });
  }

  it('false for RTP and binary bytes; respects offset and length', () => {
    expect(looksLikeSip(rtpPacket(), 0, 172)).toBe(false);
    const bytes = utf8(`xxxx${TRYING}`);
    expect(looksLikeSip(bytes, 0, bytes.length)).toBe(false);
    expect(looksLikeSip(bytes, 4, bytes.length - 4)).toBe(true);
    expect(looksLikeSip(bytes, 4, 10)).toBe(false); // "SIP/2.0 10" cut by length
    expect(looksLikeSip(bytes, -1, 5)).toBe(false);
    expect(looksLikeSip(bytes, bytes.length + 3, 5)).toBe(false);
  });

  it('is found by content: a datagram on any port parses', () => {
    // The decoder hands over payload bytes only; nothing here depends on the port.
    const m = parse(sipBytes('NOTIFY sip:b@example.com:40000 SIP/2.0', minimal(['Event: dialog'])));
    expect(m.method).toBe('NOTIFY');
  });
});
