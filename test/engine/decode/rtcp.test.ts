import { describe, expect, it } from 'vitest';
import {
  decodeRtcpCompound,
  ntpMiddle32,
  RTCP_STATUSES,
  type RtcpDecodeResult,
  type RtcpStatus,
} from '../../../electron/engine/decode/rtcp.ts';
import {
  decodeRtp,
  looksLikeRtcp,
  newRtpHeader,
  RTCP_MAX_COMPOUND_PACKETS,
  RTP_STATUSES,
  type RtpStatus,
} from '../../../electron/engine/decode/rtp.ts';
import { hex, RR_EMPTY, SDES, SR, text } from './rtp-rtcp-bytes.ts';

function decode(view: DataView): RtcpDecodeResult {
  return decodeRtcpCompound(view, 0, view.byteLength);
}

describe('decodeRtcpCompound', () => {
  it('decodes a real SR + SDES compound packet', () => {
    const view = hex(...SR, ...SDES);
    expect(view.byteLength).toBe(84);
    const result = decode(view);
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      {
        type: 'sr',
        ssrc: 0xd2bd4e3e,
        ntpSeconds: 3314714324,
        ntpFraction: 3874060501,
        rtpTimestamp: 320,
        packetCount: 2,
        octetCount: 320,
        reports: [
          {
            ssrc: 0xd2bd4e3e,
            fractionLost: 0,
            cumulativeLost: 0,
            extendedHighestSeq: 131074,
            jitter: 0,
            lsr: 2262099689,
            dlsr: 1,
          },
        ],
      },
      { type: 'sdes', chunks: [{ ssrc: 0xd2bd4e3e, items: [{ type: 1, text: 'unknown@200.57.7.204' }] }] },
    ]);
  });

  it('decodes at an offset inside a larger frame', () => {
    const view = hex('0000000000000000', ...SR, ...SDES, 'ffff');
    const result = decodeRtcpCompound(view, 8, 84);
    expect(result.status).toBe('ok');
    expect(result.packets.map((p) => p.type)).toEqual(['sr', 'sdes']);
  });

  it('turns unknown packet types into "other" and continues', () => {
    const result = decode(
      hex(
        '81', // V=2, P=0, FMT=1 (PLI)
        'ce', // PT=206 (PSFB)
        '0002', // length 2 (12 bytes)
        '11111111', // sender SSRC
        '22222222', // media SSRC
        '81', // V=2, P=0, FMT=1 (generic NACK)
        'cd', // PT=205 (RTPFB)
        '0003', // length 3 (16 bytes)
        '11111111', // sender SSRC
        '22222222', // media SSRC
        '00050000', // PID=5, BLP=0
        '81', // V=2, P=0, RC=1
        'c3', // PT=195 (IJ, RFC 5450)
        '0001', // length 1 (8 bytes)
        '00000010', // interarrival jitter 16
        ...RR_EMPTY,
      ),
    );
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      { type: 'other', packetType: 206, length: 12 },
      { type: 'other', packetType: 205, length: 16 },
      { type: 'other', packetType: 195, length: 8 },
      { type: 'rr', ssrc: 0x01020304, reports: [] },
    ]);
  });

  it('keeps the packets before a length field that runs past the end', () => {
    const result = decode(
      hex(
        ...RR_EMPTY,
        '81', // V=2, P=0, SC=1
        'ca', // PT=202 (SDES)
        '00ff', // length 255 (1024 bytes): past the end
        'd2bd4e3e', // chunk SSRC
        '0100', // CNAME of length 0
        '0000', // end of items, padding
      ),
    );
    expect(result.status).toBe('rtcp-bad-length');
    expect(result.packets).toEqual([{ type: 'rr', ssrc: 0x01020304, reports: [] }]);
  });

  it('reports trailing bytes that cannot hold a header', () => {
    const result = decode(hex(...RR_EMPTY, '80c9'));
    expect(result.status).toBe('rtcp-bad-length');
    expect(result.packets).toHaveLength(1);
  });

  it('never reads past the view even when length says more', () => {
    const view = hex(...RR_EMPTY);
    const result = decodeRtcpCompound(view, 0, 64);
    expect(result.status).toBe('ok');
    expect(result.packets).toHaveLength(1);
    expect(decodeRtcpCompound(view, 6, 64).status).toBe('rtcp-too-short');
  });

  it('terminates on a run of zero-length headers', () => {
    // 1000 IJ headers of length 0: each still advances 4 bytes; the walk stops at the cap.
    const ij = hex(
      '80c30000'.repeat(1000), // V=2, P=0, RC=0, PT=195, length 0
    );
    const result = decode(ij);
    expect(result.status).toBe('rtcp-too-many-packets');
    expect(result.packets).toHaveLength(RTCP_MAX_COMPOUND_PACKETS);
    expect(result.packets[0]).toEqual({ type: 'other', packetType: 195, length: 4 });

    // RR headers of length 0 have no room for the sender SSRC.
    const rr = hex(
      '80c90000'.repeat(1000), // V=2, P=0, RC=0, PT=201, length 0
    );
    expect(decode(rr)).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('rejects versions other than 2 and keeps earlier packets', () => {
    expect(decode(hex('00000000'.repeat(4))).status).toBe('rtcp-bad-version');
    const result = decode(
      hex(
        ...RR_EMPTY,
        '40', // V=1, P=0, RC=0
        'c9', // PT=201 (RR)
        '0001', // length 1
        '01020304', // SSRC
      ),
    );
    expect(result.status).toBe('rtcp-bad-version');
    expect(result.packets).toHaveLength(1);
  });

  it('rejects inputs shorter than one header', () => {
    expect(decode(hex())).toEqual({ status: 'rtcp-too-short', packets: [] });
    expect(decode(hex('80c900'))).toEqual({ status: 'rtcp-too-short', packets: [] });
    expect(decodeRtcpCompound(hex(...RR_EMPTY), -1, 8).status).toBe('rtcp-too-short');
  });

  it('removes valid padding from the last packet', () => {
    const result = decode(
      hex(
        ...RR_EMPTY,
        'a1', // V=2, P=1, SC=1
        'cb', // PT=203 (BYE)
        '0002', // length 2 (12 bytes)
        'd2bd4e3e', // SSRC
        '000000', // padding
        '04', // padding count 4
      ),
    );
    expect(result.status).toBe('ok');
    // Without the padding removed, the zero bytes would be read as an empty reason.
    expect(result.packets[1]).toEqual({ type: 'bye', ssrcs: [0xd2bd4e3e], reason: null });
  });

  it.each([
    ['00', 'rtcp-bad-padding'], // padding count 0
    ['09', 'rtcp-bad-padding'], // padding count 9 > 8 bytes after the header
    ['08', 'rtcp-truncated-block'], // padding eats the SSRC that SC=1 needs
  ] as const)('padding count 0x%s -> %s', (count, status) => {
    const result = decode(
      hex(
        ...RR_EMPTY,
        'a1', // V=2, P=1, SC=1
        'cb', // PT=203 (BYE)
        '0002', // length 2 (12 bytes)
        'd2bd4e3e', // SSRC
        '000000', // padding
        count, // padding count
      ),
    );
    expect(result.status).toBe(status);
    expect(result.packets).toHaveLength(1);
  });
});

describe('ntpMiddle32', () => {
  it('gives the LSR of the real SR', () => {
    expect(ntpMiddle32(3314714324, 3874060501)).toBe(2262099689);
  });

  it('stays a non-negative uint32', () => {
    expect(ntpMiddle32(0xffffffff, 0xffffffff)).toBe(0xffffffff);
    expect(ntpMiddle32(0x12345678, 0x9abcdef0)).toBe(0x56789abc);
    expect(ntpMiddle32(0, 0)).toBe(0);
  });
});

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: Uint8Array[] = [
  hex(...SR, ...SDES),
  hex(...RR_EMPTY, 'a1cb0002', 'd2bd4e3e', '00000004'),
  hex(
    '80cf000d', // XR, length 13
    '01020304', // SSRC
    '04000002', // BT=4 (RRT), length 2
    'c59286d4e6e978d5', // NTP
    '07000008', // BT=7 (VoIP metrics), length 8
    '11223344', // SSRC of source
    '0c054002', // loss, discard, burst density, gap density
    '00781388', // burst, gap duration
    '00320064', // RTT, end system delay
    'ecc47f10', // signal, noise, RERL, Gmin
    '5d7f2a29', // R, ext R, MOS-LQ, MOS-CQ
    '80000028', // RX config, reserved, JB nominal
    '005000c8', // JB maximum, JB abs max
  ),
  hex('82cc0004', '01020304', text('TEST'), '0102030405060708'), // APP subtype 2
  hex('82cb0004', '01020304', '05060708', '03627965', '00000000'), // BYE SC=2 + reason
  hex('92e00001', '00000000', '11111111', '22222222', '33333333', 'bede0002', '10ff0000', '22aabbcc', 'cafe'), // RTP
  hex('a0080002', '00000140', '01020304', 'aabb000003'), // padded RTP
  hex('80c30000'.repeat(RTCP_MAX_COMPOUND_PACKETS + 2)), // zero-length IJ packets past the cap
].map((v) => new Uint8Array(v.buffer));

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b: Uint8Array = seed.slice();
  const ops = 1 + pick(3);
  for (let i = 0; i < ops; i++) {
    switch (pick(6)) {
      case 0: {
        // Bit flips.
        const flips = 1 + pick(8);
        for (let f = 0; f < flips && b.length > 0; f++) {
          const at = pick(b.length);
          b[at] = (b[at] ?? 0) ^ (1 << pick(8));
        }
        break;
      }
      case 1:
        // Truncation.
        b = b.slice(0, pick(b.length + 1));
        break;
      case 2:
      case 3: {
        // A length field (or a word that may be one) set to 0 or 0xFFFF or a random value.
        if (b.length < 4) break;
        const at = pick(b.length >>> 2) * 4 + 2;
        const value = [0, 0xffff, pick(0x10000)][pick(3)] ?? 0;
        if (at + 1 < b.length) {
          b[at] = value >>> 8;
          b[at + 1] = value & 0xff;
        }
        break;
      }
      case 4: {
        // Random bytes appended.
        const extra = new Uint8Array(pick(40));
        for (let k = 0; k < extra.length; k++) extra[k] = pick(256);
        const joined = new Uint8Array(b.length + extra.length);
        joined.set(b);
        joined.set(extra, b.length);
        b = joined;
        break;
      }
      default:
        // A count field (RC/SC/CC) changed.
        if (b.length > 0) b[0] = ((b[0] ?? 0) & 0xe0) | pick(32);
        break;
    }
  }
  return b;
}

describe('fuzz', () => {
  it('never throws and only returns declared statuses on 50 000 random and mutated buffers', () => {
    const rnd = prng(0x5eed);
    const pick = (n: number) => Math.floor(rnd() * n);
    const rtp = newRtpHeader();
    const failures: string[] = [];
    const rtcpSeen = new Set<RtcpStatus>();
    const rtpSeen = new Set<RtpStatus>();
    for (let i = 0; i < 50_000; i++) {
      let bytes: Uint8Array;
      if (i % 5 === 0) {
        bytes = new Uint8Array(pick(120));
        for (let k = 0; k < bytes.length; k++) bytes[k] = pick(256);
        if (bytes.length > 0 && pick(2) === 0) bytes[0] = 0x80 | ((bytes[0] ?? 0) & 0x3f); // V=2
      } else {
        bytes = mutate(SEEDS[i % SEEDS.length] ?? new Uint8Array(0), rnd);
      }
      const view = new DataView(bytes.buffer);
      const length = bytes.length;
      const captured = pick(3) === 0 ? pick(length + 1) : length;
      const where = () => `#${i} ${Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('')}`;
      try {
        const rtcp = decodeRtcpCompound(view, 0, length);
        rtcpSeen.add(rtcp.status);
        if (!RTCP_STATUSES.includes(rtcp.status)) failures.push(`rtcp status ${rtcp.status} ${where()}`);
        const status = decodeRtp(view, 0, length, captured, rtp);
        rtpSeen.add(status);
        if (!RTP_STATUSES.includes(status)) failures.push(`rtp status ${status} ${where()}`);
        if (status === 'ok' && rtp.headerLength + rtp.payloadLength + rtp.paddingLength !== length) {
          failures.push(`rtp lengths ${where()}`);
        }
        if (status === 'ok' && (rtp.payloadLength < 0 || rtp.headerLength > captured)) {
          failures.push(`rtp bounds ${where()}`);
        }
        const isRtcp = looksLikeRtcp(view, 0, length);
        if (typeof isRtcp !== 'boolean') failures.push(`looksLikeRtcp ${where()}`);
        // A datagram whose length chain checks out cannot fail on version or length in the decoder.
        if (isRtcp && ['rtcp-too-short', 'rtcp-bad-version', 'rtcp-bad-length'].includes(rtcp.status)) {
          failures.push(`looksLikeRtcp true but ${rtcp.status} ${where()}`);
        }
      } catch (error) {
        failures.push(`threw ${String(error)} ${where()}`);
      }
      if (failures.length > 10) break;
    }
    expect(failures).toEqual([]);
    // The corpus reaches the interesting paths.
    expect([...rtcpSeen].sort()).toEqual([...RTCP_STATUSES].sort());
    expect([...rtpSeen].sort()).toEqual([...RTP_STATUSES].sort());
  });
});

describe('trailing bytes after the last RTCP packet', () => {
  it('tolerates up to three zero bytes (as Wireshark does), rejects anything else', () => {
    const zeroTail = hex(...SR, ...SDES, '0000'); // 2 zero bytes after the compound
    expect(decodeRtcpCompound(zeroTail, 0, zeroTail.byteLength).status).toBe('ok');
    expect(decodeRtcpCompound(zeroTail, 0, zeroTail.byteLength).packets).toHaveLength(2);
    expect(looksLikeRtcp(zeroTail, 0, zeroTail.byteLength)).toBe(true);
    const junkTail = hex(...SR, ...SDES, '0100'); // non-zero trailing byte
    expect(decodeRtcpCompound(junkTail, 0, junkTail.byteLength).status).toBe('rtcp-bad-length');
    expect(looksLikeRtcp(junkTail, 0, junkTail.byteLength)).toBe(false);
  });
});
