import { describe, expect, it } from 'vitest';
import {
  decodeRtp,
  isRtcpPayloadType,
  looksLikeRtcp,
  newRtpHeader,
  RTCP_MAX_COMPOUND_PACKETS,
  RTP_STATUSES,
  type RtpHeader,
  type RtpStatus,
} from '../../../electron/engine/decode/rtp.ts';
import { hex, SR } from './rtp-rtcp-bytes.ts';

/** Decodes a whole, fully captured datagram. */
function decode(view: DataView): { status: RtpStatus; h: RtpHeader } {
  const h = newRtpHeader();
  const status = decodeRtp(view, 0, view.byteLength, view.byteLength, h);
  return { status, h };
}

const MINIMAL = [
  '80', // V=2, P=0, X=0, CC=0
  '00', // M=0, PT=0 (PCMU)
  '1234', // sequence number 4660
  '000000a0', // timestamp 160
  'deadbeef', // SSRC
  '01020304', // payload (4 bytes)
];

/** V=2, X=1, CC=2, one-byte header extension of 2 words, 2-byte payload: header is 32 bytes. */
const CSRC_AND_EXTENSION = [
  '92', // V=2, P=0, X=1, CC=2
  'e0', // M=1, PT=96
  '0001', // sequence number 1
  '00000000', // timestamp 0
  '11111111', // SSRC
  '22222222', // CSRC 1
  '33333333', // CSRC 2
  'bede', // extension profile 0xBEDE (RFC 8285 one-byte)
  '0002', // extension length: 2 words
  '10ff0000', // ID=1 L=0 data=ff, padding
  '22aabbcc', // ID=2 L=2 data=aabbcc
  'cafe', // payload (2 bytes)
];
const CSRC_AND_EXTENSION_HEADER = 32;

const PADDED = [
  'a0', // V=2, P=1, X=0, CC=0
  '08', // M=0, PT=8 (PCMA)
  '0002', // sequence number 2
  '00000140', // timestamp 320
  '01020304', // SSRC
  'aabb', // payload (2 bytes)
  '0000', // padding
  '03', // padding count 3 (includes itself)
];

interface Case {
  name: string;
  bytes: string[];
  status: RtpStatus;
  fields?: Partial<RtpHeader>;
}

const cases: Case[] = [
  {
    name: 'minimal 12-byte header',
    bytes: MINIMAL,
    status: 'ok',
    fields: {
      version: 2,
      padding: false,
      extension: false,
      csrcCount: 0,
      marker: false,
      payloadType: 0,
      sequenceNumber: 4660,
      timestamp: 160,
      ssrc: 0xdeadbeef,
      headerLength: 12,
      payloadLength: 4,
      paddingLength: 0,
      extensionProfile: 0,
      extensionLengthWords: 0,
    },
  },
  {
    name: 'marker bit and dynamic payload type',
    bytes: [
      '80', // V=2, P=0, X=0, CC=0
      'ef', // M=1, PT=111 (Opus, dynamic)
      'ffff', // sequence number 65535
      '00003c00', // timestamp 15360
      '00000001', // SSRC
      '00', // payload (1 byte)
    ],
    status: 'ok',
    fields: {
      marker: true,
      payloadType: 111,
      sequenceNumber: 65535,
      timestamp: 15360,
      ssrc: 1,
      payloadLength: 1,
    },
  },
  {
    name: 'header only, empty payload',
    bytes: [
      '80', // V=2, P=0, X=0, CC=0
      '00', // M=0, PT=0
      '0000', // sequence number 0
      '00000000', // timestamp 0
      '00000000', // SSRC 0
    ],
    status: 'ok',
    fields: { headerLength: 12, payloadLength: 0 },
  },
  {
    name: 'two CSRCs',
    bytes: [
      '82', // V=2, P=0, X=0, CC=2
      '12', // M=0, PT=18 (G729)
      '0010', // sequence number 16
      '00000050', // timestamp 80
      'aaaaaaaa', // SSRC
      'bbbbbbbb', // CSRC 1
      'cccccccc', // CSRC 2
      '0102', // payload (2 bytes)
    ],
    status: 'ok',
    fields: { csrcCount: 2, payloadType: 18, ssrc: 0xaaaaaaaa, headerLength: 20, payloadLength: 2 },
  },
  {
    name: 'one-byte header extension (0xBEDE) after CSRCs',
    bytes: CSRC_AND_EXTENSION,
    status: 'ok',
    fields: {
      extension: true,
      csrcCount: 2,
      marker: true,
      payloadType: 96,
      extensionProfile: 0xbede,
      extensionLengthWords: 2,
      headerLength: CSRC_AND_EXTENSION_HEADER,
      payloadLength: 2,
    },
  },
  {
    name: 'header extension of length 0',
    bytes: [
      '90', // V=2, P=0, X=1, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      '1000', // extension profile 0x1000 (RFC 8285 two-byte)
      '0000', // extension length: 0 words
      'ff', // payload (1 byte)
    ],
    status: 'ok',
    fields: { extensionProfile: 0x1000, extensionLengthWords: 0, headerLength: 16, payloadLength: 1 },
  },
  {
    name: 'valid padding',
    bytes: PADDED,
    status: 'ok',
    fields: { padding: true, headerLength: 12, payloadLength: 2, paddingLength: 3 },
  },
  {
    name: 'padding covering the whole payload',
    bytes: [
      'a0', // V=2, P=1, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      '000000', // padding
      '04', // padding count 4 = everything after the header
    ],
    status: 'ok',
    fields: { payloadLength: 0, paddingLength: 4 },
  },
  {
    name: 'padding count 0',
    bytes: [
      'a0', // V=2, P=1, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      'aabb', // payload
      '00', // padding count 0: invalid
    ],
    status: 'rtp-bad-padding',
  },
  {
    name: 'padding count larger than the payload',
    bytes: [
      'a0', // V=2, P=1, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      'aabb', // payload
      '04', // padding count 4 > 3 bytes after the header
    ],
    status: 'rtp-bad-padding',
  },
  {
    name: 'padding bit with nothing after the header',
    bytes: [
      'a0', // V=2, P=1, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC: its last byte (0x01) is read as the padding count
    ],
    status: 'rtp-bad-padding',
  },
  {
    name: 'SSRC and timestamp 0xFFFFFFFF stay unsigned',
    bytes: [
      '80', // V=2, P=0, X=0, CC=0
      '00', // M=0, PT=0
      'ffff', // sequence number 65535
      'ffffffff', // timestamp 4294967295
      'ffffffff', // SSRC 4294967295
    ],
    status: 'ok',
    fields: { timestamp: 4294967295, ssrc: 4294967295, sequenceNumber: 65535 },
  },
  {
    name: 'version 0',
    bytes: [
      '00', // V=0, P=0, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
    ],
    status: 'rtp-bad-version',
    fields: { version: 0 },
  },
  {
    name: 'version 1',
    bytes: [
      '40', // V=1, P=0, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
    ],
    status: 'rtp-bad-version',
    fields: { version: 1 },
  },
  {
    name: 'version 3',
    bytes: [
      'c0', // V=3, P=0, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
    ],
    status: 'rtp-bad-version',
    fields: { version: 3 },
  },
  {
    name: 'too short for the fixed header',
    bytes: [
      '80', // V=2, P=0, X=0, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '000000', // SSRC cut after 3 bytes
    ],
    status: 'rtp-too-short',
  },
  {
    name: 'CSRC count larger than the packet',
    bytes: [
      '8f', // V=2, P=0, X=0, CC=15 (60 bytes of CSRCs)
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      '11111111', // CSRC 1 of 15
    ],
    status: 'rtp-csrc-truncated',
  },
  {
    name: 'extension length larger than the packet',
    bytes: [
      '90', // V=2, P=0, X=1, CC=0
      '00', // M=0, PT=0
      '0001', // sequence number 1
      '00000000', // timestamp 0
      '00000001', // SSRC
      'bede', // extension profile
      'ffff', // extension length: 65535 words
      '10ff0000', // first extension word
    ],
    status: 'rtp-extension-truncated',
  },
];

describe('decodeRtp', () => {
  it.each(cases)('$name', ({ bytes, status, fields }) => {
    const { status: got, h } = decode(hex(...bytes));
    expect(got).toBe(status);
    if (fields) expect(h).toMatchObject(fields);
    if (got === 'ok') {
      expect(h.headerLength + h.payloadLength + h.paddingLength).toBe(hex(...bytes).byteLength);
    }
  });

  it('never reports ok before a header with CSRCs and extension is complete', () => {
    const full = hex(...CSRC_AND_EXTENSION);
    const h = newRtpHeader();
    for (let n = 0; n < CSRC_AND_EXTENSION_HEADER; n++) {
      const expected: RtpStatus =
        n < 12 ? 'rtp-too-short' : n < 20 ? 'rtp-csrc-truncated' : 'rtp-extension-truncated';
      // Datagram itself cut at n bytes.
      expect(decodeRtp(full, 0, n, n, h), `length ${n}`).toBe(expected);
      // Full datagram, but only n bytes captured.
      expect(decodeRtp(full, 0, full.byteLength, n, h), `captured ${n}`).toBe(expected);
      // A view that ends at n bytes while the caller claims the full length.
      const cut = new DataView(full.buffer, 0, n);
      expect(decodeRtp(cut, 0, full.byteLength, full.byteLength, h), `view ${n}`).toBe(expected);
    }
    expect(decodeRtp(full, 0, CSRC_AND_EXTENSION_HEADER, CSRC_AND_EXTENSION_HEADER, h)).toBe('ok');
    expect(h.payloadLength).toBe(0);
  });

  it('skips the padding check when snaplen cut the datagram', () => {
    const view = hex(...PADDED); // 17 bytes, padding count 3 in the last byte
    const h = newRtpHeader();
    expect(decodeRtp(view, 0, 17, 14, h)).toBe('ok');
    expect(h).toMatchObject({ padding: true, headerLength: 12, paddingLength: 0, payloadLength: 5 });

    // The real datagram was 1500 bytes, only 14 were captured: the count byte is not there.
    expect(decodeRtp(view, 0, 1500, 14, h)).toBe('ok');
    expect(h).toMatchObject({ headerLength: 12, paddingLength: 0, payloadLength: 1488 });

    // Header not within the captured bytes.
    expect(decodeRtp(view, 0, 1500, 11, h)).toBe('rtp-too-short');
  });

  it('treats capturedLength > length as length', () => {
    const view = hex(...PADDED);
    const h = newRtpHeader();
    expect(decodeRtp(view, 0, 17, 9999, h)).toBe('ok');
    expect(h.paddingLength).toBe(3);
  });

  it('decodes at an offset inside a larger frame', () => {
    const view = hex(
      'ffffffffffffffff', // 8 bytes of lower-layer headers
      ...MINIMAL,
      'eeee', // trailer after the datagram
    );
    const h = newRtpHeader();
    expect(decodeRtp(view, 8, 16, 16, h)).toBe('ok');
    expect(h).toMatchObject({ sequenceNumber: 4660, ssrc: 0xdeadbeef, headerLength: 12, payloadLength: 4 });
  });

  it('rejects offsets outside the view', () => {
    const view = hex(...MINIMAL);
    const h = newRtpHeader();
    expect(decodeRtp(view, 16, 16, 16, h)).toBe('rtp-too-short');
    expect(decodeRtp(view, -1, 16, 16, h)).toBe('rtp-too-short');
    expect(decodeRtp(view, 100, 16, 16, h)).toBe('rtp-too-short');
    expect(decodeRtp(view, 0, -5, -5, h)).toBe('rtp-too-short');
  });

  it('resets the extension fields when an out object is reused', () => {
    const h = newRtpHeader();
    expect(decodeRtp(hex(...CSRC_AND_EXTENSION), 0, 34, 34, h)).toBe('ok');
    expect(h.extensionProfile).toBe(0xbede);
    expect(decodeRtp(hex(...MINIMAL), 0, 16, 16, h)).toBe('ok');
    expect(h).toMatchObject({ extension: false, extensionProfile: 0, extensionLengthWords: 0, csrcCount: 0 });
  });

  it('declares every status it returns', () => {
    for (const c of cases) expect(RTP_STATUSES).toContain(c.status);
  });
});

describe('isRtcpPayloadType', () => {
  it.each([
    [0x00, false], // M=0, PT=0
    [0x7f, false], // M=0, PT=127
    [0xbf, false], // M=1, PT=63
    [0xc0, true], // 192 = M=1, PT=64 (RFC 5761 reserved)
    [0xc8, true], // 200 SR = M=1, PT=72
    [0xcf, true], // 207 XR = M=1, PT=79
    [0xdf, true], // 223 = M=1, PT=95
    [0xe0, false], // 224 = M=1, PT=96 (dynamic RTP)
  ])('second byte 0x%s -> %s', (byte, expected) => {
    expect(isRtcpPayloadType(byte)).toBe(expected);
  });
});

const SR_SDES = [
  ...SR, // 52 bytes
  '81', // V=2, P=0, SC=1
  'ca', // PT=202 (SDES)
  '0003', // length 3 (16 bytes)
  'd2bd4e3e', // chunk SSRC
  '01', // CNAME
  '04', // length 4
  '61406263', // "a@bc"
  '00', // end of items
  '00', // padding to 32 bits
];

describe('looksLikeRtcp', () => {
  const check = (view: DataView) => looksLikeRtcp(view, 0, view.byteLength);

  it('accepts an SR + SDES compound packet', () => {
    expect(check(hex(...SR_SDES))).toBe(true);
  });

  it('accepts a lone RR and a packet starting with PSFB (reduced-size RTCP)', () => {
    expect(
      check(
        hex(
          '80', // V=2, P=0, RC=0
          'c9', // PT=201 (RR)
          '0001', // length 1 (8 bytes)
          '12345678', // SSRC
        ),
      ),
    ).toBe(true);
    expect(
      check(
        hex(
          '81', // V=2, P=0, FMT=1 (PLI)
          'ce', // PT=206 (PSFB)
          '0002', // length 2 (12 bytes)
          '12345678', // sender SSRC
          '9abcdef0', // media SSRC
        ),
      ),
    ).toBe(true);
  });

  it('rejects an RTP packet with PT 0', () => {
    expect(check(hex(...MINIMAL))).toBe(false);
  });

  it('rejects RTP with marker + PT 72 whose bytes do not form a length chain', () => {
    expect(
      check(
        hex(
          '80', // V=2, P=0, X=0, CC=0
          'c8', // M=1, PT=72 (looks like SR)
          '1234', // sequence number (as RTCP length: 4661 words)
          '000000a0', // timestamp
          'deadbeef', // SSRC
        ),
      ),
    ).toBe(false);
  });

  it('rejects a length field that runs past the end', () => {
    const view = hex(...SR_SDES);
    view.setUint16(2, 0x000d); // SR length 13 instead of 12
    expect(check(view)).toBe(false);
  });

  it('rejects a chain that ends before the datagram does', () => {
    expect(check(hex(...SR_SDES, '00000000'))).toBe(false);
    expect(looksLikeRtcp(hex(...SR_SDES), 0, 52 + 8)).toBe(false);
  });

  it('accepts the chain of the first packet alone', () => {
    expect(looksLikeRtcp(hex(...SR_SDES), 0, 52)).toBe(true);
  });

  it('rejects a second packet with version 1', () => {
    const view = hex(...SR_SDES);
    view.setUint8(52, 0x41); // SDES: V=1
    expect(check(view)).toBe(false);
  });

  it('rejects first packet types outside 200..207 and short inputs', () => {
    const view = hex(...SR_SDES);
    view.setUint8(1, 0xc3); // PT=195 (IJ)
    expect(check(view)).toBe(false);
    view.setUint8(1, 0xd0); // PT=208
    expect(check(view)).toBe(false);
    expect(check(hex('80c9'))).toBe(false);
    expect(check(hex())).toBe(false);
    expect(looksLikeRtcp(hex(...SR_SDES), 0, 1000)).toBe(false);
    expect(looksLikeRtcp(hex(...SR_SDES), -4, 68)).toBe(false);
  });

  it(`gives up after ${RTCP_MAX_COMPOUND_PACKETS} packets`, () => {
    const rr = '80c90001' + '12345678'; // RR, RC=0, length 1, SSRC
    expect(check(hex(rr.repeat(RTCP_MAX_COMPOUND_PACKETS)))).toBe(true);
    expect(check(hex(rr.repeat(RTCP_MAX_COMPOUND_PACKETS + 1)))).toBe(false);
  });
});
