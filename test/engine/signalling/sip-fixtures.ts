/**
 * Hand-written SIP and SDP texts of one call (Alice at 192.0.2.10 calls Bob at 198.51.100.20
 * through a proxy), shared by the signalling tests and the fuzz test.
 */

const encoder = new TextEncoder();

export const CALL_ID = 'a84b4c76e66710@pc33.atlanta.example.com';

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A SIP message: start line, headers, then `Content-Length` (computed from the body's UTF-8 length
 * unless `contentLength` says otherwise; null leaves it out), an empty line and the body. `eol` is
 * the line end (CRLF by default).
 */
export function sipText(
  startLine: string,
  headers: readonly string[],
  body = '',
  options: { contentLength?: number | null; eol?: string } = {},
): string {
  const eol = options.eol ?? '\r\n';
  const length = options.contentLength === undefined ? utf8(body).length : options.contentLength;
  const lines = [startLine, ...headers];
  if (length !== null) lines.push(`Content-Length: ${length}`);
  return `${lines.join(eol)}${eol}${eol}${body}`;
}

export function sipBytes(...args: Parameters<typeof sipText>): Uint8Array {
  return utf8(sipText(...args));
}

// Header sets of the dialog.
const VIA_ALICE = 'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds';
const VIA_PROXY = 'Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK4b43c2ff8.1';
const FROM_ALICE = 'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774';
const TO_BOB = 'To: Bob <sip:bob@biloxi.example.com>';
const TO_BOB_TAGGED = 'To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf';
const CALL = `Call-ID: ${CALL_ID}`;
const CONTACT_ALICE = 'Contact: <sip:alice@192.0.2.10:5060>';
const CONTACT_BOB = 'Contact: <sip:bob@198.51.100.20:5060>';
const MAX_FORWARDS = 'Max-Forwards: 70';
const SDP_TYPE = 'Content-Type: application/sdp';

/** Offer: one audio m= line with Opus (stereo, fmtp), PCMU, PCMA and telephone-event. */
export const SDP_OFFER = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 111 0 8 101',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:40',
  'a=sendrecv',
  '',
].join('\r\n');

/** Answer: PCMU and telephone-event, explicit RTCP port. */
export const SDP_ANSWER = [
  'v=0',
  'o=bob 2808844564 2808844564 IN IP4 198.51.100.20',
  's=-',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'm=audio 3456 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=rtcp:3460 IN IP4 198.51.100.20',
  'a=ptime:20',
  '',
].join('\r\n');

/** Early media in a 183: the same as the answer without the RTCP line, sendonly from Bob's side. */
export const SDP_EARLY = [
  'v=0',
  'o=bob 2808844564 2808844563 IN IP4 198.51.100.20',
  's=-',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'm=audio 3456 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendonly',
  '',
].join('\r\n');

/** Re-INVITE putting Bob on hold (RFC 6337: a=sendonly). */
export const SDP_HOLD = [
  'v=0',
  'o=alice 2890844526 2890844527 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendonly',
  '',
].join('\r\n');

/** Old-style hold (RFC 2543): connection address 0.0.0.0. */
export const SDP_HOLD_OLD_STYLE = [
  'v=0',
  'o=alice 2890844526 2890844528 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

/** Re-INVITE switching the call to T.38 fax over UDPTL. */
export const SDP_T38 = [
  'v=0',
  'o=alice 2890844526 2890844529 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=image 5004 udptl t38',
  'a=T38FaxVersion:0',
  'a=T38MaxBitRate:14400',
  'a=T38FaxRateManagement:transferredTCF',
  'a=T38FaxMaxBuffer:1024',
  'a=T38FaxMaxDatagram:400',
  'a=T38FaxUdpEC:t38UDPRedundancy',
  '',
].join('\r\n');

export const INVITE = sipText(
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  [VIA_ALICE, MAX_FORWARDS, TO_BOB, FROM_ALICE, CALL, 'CSeq: 314159 INVITE', CONTACT_ALICE, SDP_TYPE],
  SDP_OFFER,
);

export const TRYING = sipText('SIP/2.0 100 Trying', [
  VIA_ALICE,
  TO_BOB,
  FROM_ALICE,
  CALL,
  'CSeq: 314159 INVITE',
]);

export const RINGING = sipText('SIP/2.0 180 Ringing', [
  VIA_PROXY,
  VIA_ALICE,
  TO_BOB_TAGGED,
  FROM_ALICE,
  CALL,
  CONTACT_BOB,
  'CSeq: 314159 INVITE',
]);

export const SESSION_PROGRESS = sipText(
  'SIP/2.0 183 Session Progress',
  [VIA_PROXY, VIA_ALICE, TO_BOB_TAGGED, FROM_ALICE, CALL, CONTACT_BOB, 'CSeq: 314159 INVITE', SDP_TYPE],
  SDP_EARLY,
);

export const OK_INVITE = sipText(
  'SIP/2.0 200 OK',
  [
    VIA_PROXY,
    VIA_ALICE,
    TO_BOB_TAGGED,
    FROM_ALICE,
    CALL,
    'CSeq: 314159 INVITE',
    CONTACT_BOB,
    'Content-Type: application/sdp; charset=utf-8',
  ],
  SDP_ANSWER,
);

export const ACK = sipText('ACK sip:bob@198.51.100.20:5060 SIP/2.0', [
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds9',
  MAX_FORWARDS,
  TO_BOB_TAGGED,
  FROM_ALICE,
  CALL,
  'CSeq: 314159 ACK',
]);

export const REINVITE_HOLD = sipText(
  'INVITE sip:bob@198.51.100.20:5060 SIP/2.0',
  [
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhold1',
    MAX_FORWARDS,
    TO_BOB_TAGGED,
    FROM_ALICE,
    CALL,
    'CSeq: 314160 INVITE',
    CONTACT_ALICE,
    SDP_TYPE,
  ],
  SDP_HOLD,
);

export const REINVITE_T38 = sipText(
  'INVITE sip:bob@198.51.100.20:5060 SIP/2.0',
  [
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKfax1',
    MAX_FORWARDS,
    TO_BOB_TAGGED,
    FROM_ALICE,
    CALL,
    'CSeq: 314161 INVITE',
    CONTACT_ALICE,
    SDP_TYPE,
  ],
  SDP_T38,
);

export const BYE = sipText('BYE sip:alice@192.0.2.10:5060 SIP/2.0', [
  'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKnashds10',
  MAX_FORWARDS,
  'From: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf',
  'To: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  CALL,
  'CSeq: 231 BYE',
]);

export const CANCEL = sipText('CANCEL sip:bob@biloxi.example.com SIP/2.0', [
  VIA_ALICE,
  MAX_FORWARDS,
  TO_BOB,
  FROM_ALICE,
  CALL,
  'CSeq: 314159 CANCEL',
]);

export const REQUEST_TERMINATED = sipText('SIP/2.0 487 Request Terminated', [
  VIA_ALICE,
  TO_BOB_TAGGED,
  FROM_ALICE,
  CALL,
  'CSeq: 314159 INVITE',
]);

export const REGISTER = sipText('REGISTER sip:registrar.biloxi.example.com SIP/2.0', [
  'Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7',
  MAX_FORWARDS,
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Bob <sip:bob@biloxi.example.com>;tag=456248',
  'Call-ID: 843817637684230@998sdasdh09',
  'CSeq: 1826 REGISTER',
  'Contact: <sip:bob@198.51.100.20>',
  'Expires: 7200',
]);

export const REGISTER_UNAUTHORIZED = sipText('SIP/2.0 401 Unauthorized', [
  'Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=198.51.100.20',
  'To: Bob <sip:bob@biloxi.example.com>;tag=2493k59kd',
  'From: Bob <sip:bob@biloxi.example.com>;tag=456248',
  'Call-ID: 843817637684230@998sdasdh09',
  'CSeq: 1826 REGISTER',
  'WWW-Authenticate: Digest realm="biloxi.example.com", qop="auth", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5',
]);

/** Every message of the dialog above, for tables and the fuzz test. */
export const DIALOG: readonly string[] = [
  INVITE,
  TRYING,
  RINGING,
  SESSION_PROGRESS,
  OK_INVITE,
  ACK,
  REINVITE_HOLD,
  REINVITE_T38,
  BYE,
  CANCEL,
  REQUEST_TERMINATED,
  REGISTER,
  REGISTER_UNAUTHORIZED,
];

/** Every SDP body above. */
export const SDPS: readonly string[] = [
  SDP_OFFER,
  SDP_ANSWER,
  SDP_EARLY,
  SDP_HOLD,
  SDP_HOLD_OLD_STYLE,
  SDP_T38,
];

/** An RTP packet (PT 0, seq 1, 160 bytes of µ-law silence). */
export function rtpPacket(): Uint8Array {
  const bytes = new Uint8Array(12 + 160).fill(0xff);
  bytes.set([0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x03, 0x20, 0xde, 0xad, 0xbe, 0xef], 0);
  return bytes;
}

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG; the seed makes failures repeatable). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
