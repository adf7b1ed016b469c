import { describe, expect, it } from 'vitest';
import { decodeRtcpCompound, type RtcpDecodeResult } from '../../../electron/engine/decode/rtcp.ts';
import {
  decodeReceiverReport,
  decodeReportBlock,
  decodeSenderReport,
} from '../../../electron/engine/decode/rtcp-report.ts';
import { hex, RR_EMPTY, SR } from './rtp-rtcp-bytes.ts';

function decode(...parts: string[]): RtcpDecodeResult {
  const view = hex(...parts);
  return decodeRtcpCompound(view, 0, view.byteLength);
}

describe('receiver report', () => {
  it('decodes an RR with 0 report blocks', () => {
    expect(decode(...RR_EMPTY)).toEqual({
      status: 'ok',
      packets: [{ type: 'rr', ssrc: 0x01020304, reports: [] }],
    });
  });

  it('decodes an RR with 2 report blocks', () => {
    const result = decode(
      '82', // V=2, P=0, RC=2
      'c9', // PT=201 (RR)
      '000d', // length 13 (56 bytes)
      'aabbccdd', // SSRC of packet sender
      '11111111', // block 1: SSRC
      '19', // fraction lost 25/256
      '00002a', // cumulative lost 42
      '0001fffe', // extended highest seq 131070
      '000000a0', // jitter 160
      '12345678', // LSR
      '00018000', // DLSR 1.5 s
      'ffffffff', // block 2: SSRC 4294967295
      'ff', // fraction lost 255/256
      '7fffff', // cumulative lost 8388607 (largest positive)
      'ffffffff', // extended highest seq 4294967295
      'ffffffff', // jitter 4294967295
      '00000000', // LSR 0 (no SR received)
      '00000000', // DLSR 0
    );
    expect(result.status).toBe('ok');
    expect(result.packets).toEqual([
      {
        type: 'rr',
        ssrc: 0xaabbccdd,
        reports: [
          {
            ssrc: 0x11111111,
            fractionLost: 25,
            cumulativeLost: 42,
            extendedHighestSeq: 131070,
            jitter: 160,
            lsr: 0x12345678,
            dlsr: 0x18000,
          },
          {
            ssrc: 4294967295,
            fractionLost: 255,
            cumulativeLost: 8388607,
            extendedHighestSeq: 4294967295,
            jitter: 4294967295,
            lsr: 0,
            dlsr: 0,
          },
        ],
      },
    ]);
  });

  it.each([
    ['ffffff', -1],
    ['fffffe', -2],
    ['800000', -8388608],
    ['7fffff', 8388607],
    ['000001', 1],
  ])('cumulative lost 0x%s -> %d (signed 24-bit)', (field, expected) => {
    const view = hex(
      '00000000', // SSRC
      '10', // fraction lost 16/256
      field, // cumulative lost
      '00000000', // extended highest seq
      '00000000', // jitter
      '00000000', // LSR
      '00000000', // DLSR
    );
    const block = decodeReportBlock(view, 0);
    expect(block.fractionLost).toBe(16);
    expect(block.cumulativeLost).toBe(expected);
  });

  it('decodes cumulative lost 0xFFFFFF as -1 inside an RR', () => {
    const result = decode(
      '81', // V=2, P=0, RC=1
      'c9', // PT=201 (RR)
      '0007', // length 7 (32 bytes)
      'd2bd4e3e', // SSRC of packet sender
      '00000000', // block 1: SSRC
      '10', // fraction lost 16/256
      'ffffff', // cumulative lost -1 (duplicates)
      '00000000', // extended highest seq
      '00000000', // jitter
      '86d4e6e9', // LSR
      '00000001', // DLSR
    );
    expect(result.status).toBe('ok');
    expect(result.packets[0]).toMatchObject({
      type: 'rr',
      reports: [{ fractionLost: 16, cumulativeLost: -1 }],
    });
  });

  it('rejects an RC larger than the length allows', () => {
    const result = decode(
      ...RR_EMPTY,
      '81', // V=2, P=0, RC=1 (needs 24 more bytes)
      'c9', // PT=201 (RR)
      '0001', // length 1 (8 bytes): room for the SSRC only
      '01020304', // SSRC of packet sender
    );
    expect(result.status).toBe('rtcp-truncated-block');
    expect(result.packets).toHaveLength(1);
  });

  it('ignores a profile-specific extension after the blocks', () => {
    const result = decode(
      '80', // V=2, P=0, RC=0
      'c9', // PT=201 (RR)
      '0003', // length 3 (16 bytes)
      '01020304', // SSRC of packet sender
      'deadbeef', // profile-specific extension
      'cafebabe', // profile-specific extension
    );
    expect(result).toEqual({ status: 'ok', packets: [{ type: 'rr', ssrc: 0x01020304, reports: [] }] });
  });

  it('direct call: content end bounds the blocks', () => {
    const view = hex(...RR_EMPTY);
    expect(decodeReceiverReport(view, 0, 8, 0)).toEqual({ type: 'rr', ssrc: 0x01020304, reports: [] });
    expect(decodeReceiverReport(view, 0, 7, 0)).toBe('rtcp-truncated-block');
    expect(decodeReceiverReport(view, 0, 8, 1)).toBe('rtcp-truncated-block');
  });
});

describe('sender report', () => {
  it('decodes an SR without report blocks', () => {
    const result = decode(
      '80', // V=2, P=0, RC=0
      'c8', // PT=200 (SR)
      '0006', // length 6 (28 bytes)
      'ffffffff', // SSRC of sender
      'ffffffff', // NTP msw
      '80000000', // NTP lsw (0.5 s)
      'fffffffe', // RTP timestamp
      '00000064', // packet count 100
      '00003e80', // octet count 16000
    );
    expect(result).toEqual({
      status: 'ok',
      packets: [
        {
          type: 'sr',
          ssrc: 4294967295,
          ntpSeconds: 4294967295,
          ntpFraction: 0x80000000,
          rtpTimestamp: 4294967294,
          packetCount: 100,
          octetCount: 16000,
          reports: [],
        },
      ],
    });
  });

  it('rejects an SR too short for the sender info', () => {
    const result = decode(
      '80', // V=2, P=0, RC=0
      'c8', // PT=200 (SR)
      '0005', // length 5 (24 bytes): octet count missing
      'd2bd4e3e', // SSRC of sender
      'c59286d4', // NTP msw
      'e6e978d5', // NTP lsw
      '00000140', // RTP timestamp
      '00000002', // packet count
    );
    expect(result).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('rejects an RC larger than the length allows', () => {
    const view = hex(...SR);
    view.setUint8(0, 0x82); // RC=2 but only one block in 52 bytes
    expect(decodeRtcpCompound(view, 0, view.byteLength)).toEqual({
      status: 'rtcp-truncated-block',
      packets: [],
    });
    expect(decodeSenderReport(view, 0, 52, 2)).toBe('rtcp-truncated-block');
    expect(decodeSenderReport(view, 0, 52, 1)).toMatchObject({ type: 'sr', ssrc: 0xd2bd4e3e });
  });
});
