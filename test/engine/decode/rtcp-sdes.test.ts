import { describe, expect, it } from 'vitest';
import { decodeRtcpCompound, type RtcpDecodeResult } from '../../../electron/engine/decode/rtcp.ts';
import { decodeRtcpText, decodeSdes, SdesType } from '../../../electron/engine/decode/rtcp-sdes.ts';
import { hex, SDES, text } from './rtp-rtcp-bytes.ts';

function decode(...parts: string[]): RtcpDecodeResult {
  const view = hex(...parts);
  return decodeRtcpCompound(view, 0, view.byteLength);
}

describe('SDES', () => {
  it('decodes the real CNAME chunk', () => {
    expect(decode(...SDES)).toEqual({
      status: 'ok',
      packets: [
        {
          type: 'sdes',
          chunks: [{ ssrc: 0xd2bd4e3e, items: [{ type: SdesType.CNAME, text: 'unknown@200.57.7.204' }] }],
        },
      ],
    });
  });

  it('decodes two chunks with several items and chunk padding', () => {
    const result = decode(
      '82', // V=2, P=0, SC=2
      'ca', // PT=202 (SDES)
      '0009', // length 9 (40 bytes)
      '11111111', // chunk 1: SSRC
      '01', // CNAME
      '03', // length 3
      text('a@b'), // "a@b"
      '06', // TOOL
      '02', // length 2
      text('X1'), // "X1"
      '00', // end of items
      '0000', // padding to 32 bits
      '22222222', // chunk 2: SSRC
      '02', // NAME
      '00', // length 0
      '08', // PRIV
      '05', // length 5
      '03', // prefix length 3
      text('pfx'), // prefix
      text('v'), // value
      '00', // end of items
      '0000', // padding to 32 bits
      '00000000', // trailing zero word after the last chunk (ignored)
    );
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      {
        type: 'sdes',
        chunks: [
          {
            ssrc: 0x11111111,
            items: [
              { type: 1, text: 'a@b' },
              { type: 6, text: 'X1' },
            ],
          },
          {
            ssrc: 0x22222222,
            items: [
              { type: 2, text: '' },
              { type: 8, text: '\u0003pfxv' },
            ],
          },
        ],
      },
    ]);
  });

  it('decodes an empty SDES (SC=0)', () => {
    expect(
      decode(
        '80', // V=2, P=0, SC=0
        'ca', // PT=202 (SDES)
        '0000', // length 0 (4 bytes)
      ),
    ).toEqual({ status: 'ok', packets: [{ type: 'sdes', chunks: [] }] });
  });

  it('passes invalid UTF-8 and control characters through as text', () => {
    const result = decode(
      '81', // V=2, P=0, SC=1
      'ca', // PT=202 (SDES)
      '0005', // length 5 (24 bytes)
      '33333333', // chunk SSRC
      '02', // NAME
      '05', // length 5
      'fffe', // invalid UTF-8 bytes
      '41', // "A"
      'c3a9', // "é"
      '07', // NOTE
      '06', // length 6
      '01', // U+0001
      '07', // BEL
      '0a', // LF
      '00', // NUL inside the text
      'e282', // truncated 3-byte sequence
      '00', // end of items
    );
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      {
        type: 'sdes',
        chunks: [
          {
            ssrc: 0x33333333,
            items: [
              { type: 2, text: '\ufffd\ufffdAé' },
              { type: 7, text: '\u0001\u0007\n\u0000\ufffd' },
            ],
          },
        ],
      },
    ]);
  });

  it.each([
    [
      'item length past the end of the packet',
      [
        '81', // V=2, P=0, SC=1
        'ca', // PT=202 (SDES)
        '0002', // length 2 (12 bytes)
        '44444444', // chunk SSRC
        '01', // CNAME
        'ff', // length 255: past the end
        '6162', // "ab"
      ],
    ],
    [
      'no end-of-items octet',
      [
        '81', // V=2, P=0, SC=1
        'ca', // PT=202 (SDES)
        '0002', // length 2 (12 bytes)
        '44444444', // chunk SSRC
        '01', // CNAME
        '02', // length 2
        '6162', // "ab": the packet ends without a null item
      ],
    ],
    [
      'item type without its length byte',
      [
        '81', // V=2, P=0, SC=1
        'ca', // PT=202 (SDES)
        '0002', // length 2 (12 bytes)
        '44444444', // chunk SSRC
        '01', // CNAME
        '01', // length 1
        '61', // "a"
        '01', // CNAME, length byte missing
      ],
    ],
    [
      'SC larger than the chunks present',
      [
        '83', // V=2, P=0, SC=3
        'ca', // PT=202 (SDES)
        '0002', // length 2 (12 bytes): room for one empty chunk
        '44444444', // chunk 1 SSRC
        '00000000', // end of items, padding
      ],
    ],
  ])('%s -> rtcp-truncated-block', (_name, bytes) => {
    expect(decode(...bytes)).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('direct call respects the content end', () => {
    const view = hex(...SDES);
    expect(decodeSdes(view, 0, 32, 1)).toMatchObject({ type: 'sdes' });
    expect(decodeSdes(view, 0, 29, 1)).toBe('rtcp-truncated-block');
  });
});

describe('decodeRtcpText', () => {
  it('caps the text at 255 bytes', () => {
    const view = hex('61'.repeat(300));
    expect(decodeRtcpText(view, 0, 300)).toHaveLength(255);
    expect(decodeRtcpText(view, 10, 3)).toBe('aaa');
  });

  it('works on a view with a byte offset', () => {
    const buffer = new Uint8Array([0, 0, 0x68, 0x69]).buffer;
    expect(decodeRtcpText(new DataView(buffer, 2), 0, 2)).toBe('hi');
  });
});
