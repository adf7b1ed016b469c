import { describe, expect, it } from 'vitest';
import { decodeRtcpCompound, type RtcpDecodeResult } from '../../../electron/engine/decode/rtcp.ts';
import { decodeApp, decodeBye } from '../../../electron/engine/decode/rtcp-bye-app.ts';
import { hex, text } from './rtp-rtcp-bytes.ts';

function decode(...parts: string[]): RtcpDecodeResult {
  const view = hex(...parts);
  return decodeRtcpCompound(view, 0, view.byteLength);
}

describe('BYE', () => {
  it('decodes two SSRCs and a reason', () => {
    expect(
      decode(
        '82', // V=2, P=0, SC=2
        'cb', // PT=203 (BYE)
        '0006', // length 6 (28 bytes)
        'd2bd4e3e', // SSRC 1
        'ffffffff', // SSRC 2
        '0c', // reason length 12
        text('session over'), // reason
        '000000', // padding to 32 bits
      ),
    ).toEqual({
      status: 'ok',
      packets: [{ type: 'bye', ssrcs: [0xd2bd4e3e, 0xffffffff], reason: 'session over' }],
    });
  });

  it('decodes a BYE without reason', () => {
    expect(
      decode(
        '81', // V=2, P=0, SC=1
        'cb', // PT=203 (BYE)
        '0001', // length 1 (8 bytes)
        '01020304', // SSRC
      ),
    ).toEqual({ status: 'ok', packets: [{ type: 'bye', ssrcs: [0x01020304], reason: null }] });
  });

  it('decodes a BYE with SC=0', () => {
    expect(
      decode(
        '80', // V=2, P=0, SC=0
        'cb', // PT=203 (BYE)
        '0000', // length 0 (4 bytes)
      ),
    ).toEqual({ status: 'ok', packets: [{ type: 'bye', ssrcs: [], reason: null }] });
  });

  it.each([
    [
      'SC larger than the length allows',
      [
        '83', // V=2, P=0, SC=3
        'cb', // PT=203 (BYE)
        '0002', // length 2 (12 bytes): room for 2 SSRCs
        '01020304', // SSRC 1
        '05060708', // SSRC 2
      ],
    ],
    [
      'reason length past the end',
      [
        '81', // V=2, P=0, SC=1
        'cb', // PT=203 (BYE)
        '0002', // length 2 (12 bytes)
        '01020304', // SSRC
        '10', // reason length 16: only 3 bytes follow
        text('bye'), // reason
      ],
    ],
  ])('%s -> rtcp-truncated-block', (_name, bytes) => {
    expect(decode(...bytes)).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('direct call', () => {
    const view = hex('81cb0002', '01020304', '03', text('bye'));
    expect(decodeBye(view, 0, 12, 1)).toEqual({ type: 'bye', ssrcs: [0x01020304], reason: 'bye' });
    expect(decodeBye(view, 0, 8, 1)).toEqual({ type: 'bye', ssrcs: [0x01020304], reason: null });
    expect(decodeBye(view, 0, 11, 1)).toBe('rtcp-truncated-block');
  });
});

describe('APP', () => {
  it('decodes subtype, SSRC, name and data length', () => {
    expect(
      decode(
        '85', // V=2, P=0, subtype=5
        'cc', // PT=204 (APP)
        '0004', // length 4 (20 bytes)
        'd2bd4e3e', // SSRC
        text('RIST'), // name
        '0102030405060708', // application data (8 bytes)
      ),
    ).toEqual({
      status: 'ok',
      packets: [{ type: 'app', ssrc: 0xd2bd4e3e, subtype: 5, name: 'RIST', dataLength: 8 }],
    });
  });

  it('replaces non-printable name bytes with "?"', () => {
    expect(
      decode(
        '80', // V=2, P=0, subtype=0
        'cc', // PT=204 (APP)
        '0002', // length 2 (12 bytes)
        '01020304', // SSRC
        '00', // name byte 1: NUL
        '41', // name byte 2: "A"
        '7f', // name byte 3: DEL
        'c3', // name byte 4: non-ASCII
      ),
    ).toEqual({
      status: 'ok',
      packets: [{ type: 'app', ssrc: 0x01020304, subtype: 0, name: '?A??', dataLength: 0 }],
    });
  });

  it('excludes padding from the data length', () => {
    const result = decode(
      'bf', // V=2, P=1, subtype=31
      'cc', // PT=204 (APP)
      '0004', // length 4 (20 bytes)
      '01020304', // SSRC
      text('ABCD'), // name
      '0a0b0c', // application data (3 bytes)
      '00000000', // padding
      '05', // padding count 5
    );
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      { type: 'app', ssrc: 0x01020304, subtype: 31, name: 'ABCD', dataLength: 3 },
    ]);
  });

  it('rejects an APP without room for the name', () => {
    expect(
      decode(
        '80', // V=2, P=0, subtype=0
        'cc', // PT=204 (APP)
        '0001', // length 1 (8 bytes): name missing
        '01020304', // SSRC
      ),
    ).toEqual({ status: 'rtcp-truncated-block', packets: [] });
    expect(decodeApp(hex('80cc0002', '01020304', text('ABCD')), 0, 11, 0)).toBe('rtcp-truncated-block');
  });
});
