import { describe, expect, it } from 'vitest';
import { decodeRtcpCompound, type RtcpDecodeResult } from '../../../electron/engine/decode/rtcp.ts';
import { decodeVoipMetrics, decodeXr, VOIP_METRICS_SIZE } from '../../../electron/engine/decode/rtcp-xr.ts';
import { hex } from './rtp-rtcp-bytes.ts';

function decode(...parts: string[]): RtcpDecodeResult {
  const view = hex(...parts);
  return decodeRtcpCompound(view, 0, view.byteLength);
}

const XR_HEADER = [
  '80', // V=2, P=0, reserved
  'cf', // PT=207 (XR)
  '000d', // length 13 (56 bytes)
  '01020304', // SSRC of packet sender
];

const RRT_BLOCK = [
  '04', // BT=4 (receiver reference time)
  '00', // reserved
  '0002', // block length 2 (12 bytes)
  'c59286d4', // NTP msw
  'e6e978d5', // NTP lsw
];

const VOIP_BLOCK = [
  '07', // BT=7 (VoIP metrics)
  '00', // reserved
  '0008', // block length 8 (36 bytes)
  '11223344', // SSRC of source
  '0c', // loss rate 12/256
  '05', // discard rate 5/256
  '40', // burst density 64/256
  '02', // gap density 2/256
  '0078', // burst duration 120 ms
  '1388', // gap duration 5000 ms
  '0032', // round trip delay 50 ms
  '0064', // end system delay 100 ms
  'ec', // signal level -20 dBm
  'c4', // noise level -60 dBm
  '7f', // RERL 127 (unavailable)
  '10', // Gmin 16
  '5d', // R factor 93
  '7f', // ext. R factor 127 (unavailable)
  '2a', // MOS-LQ 4.2
  '29', // MOS-CQ 4.1
  'a8', // RX config: PLC=enhanced(10), JBA=adaptive(10), JB rate 8
  '00', // reserved
  '0028', // JB nominal 40 ms
  '0050', // JB maximum 80 ms
  '00c8', // JB abs max 200 ms
];

const METRICS = {
  ssrc: 0x11223344,
  lossRate: 12,
  discardRate: 5,
  burstDensity: 64,
  gapDensity: 2,
  burstDurationMs: 120,
  gapDurationMs: 5000,
  roundTripDelayMs: 50,
  endSystemDelayMs: 100,
  signalLevel: -20,
  noiseLevel: -60,
  rerl: 127,
  gmin: 16,
  rFactor: 93,
  extRFactor: 127,
  mosLq: 42,
  mosCq: 41,
  rxConfig: 0xa8,
  jbNominalMs: 40,
  jbMaximumMs: 80,
  jbAbsMaxMs: 200,
};

describe('XR', () => {
  it('skips an unknown block and decodes the VoIP metrics block after it', () => {
    expect(decode(...XR_HEADER, ...RRT_BLOCK, ...VOIP_BLOCK)).toEqual({
      status: 'ok',
      packets: [{ type: 'xr', ssrc: 0x01020304, voipMetrics: [METRICS] }],
    });
  });

  it('decodes an XR without blocks', () => {
    expect(
      decode(
        '80', // V=2, P=0, reserved
        'cf', // PT=207 (XR)
        '0001', // length 1 (8 bytes)
        'ffffffff', // SSRC of packet sender
      ),
    ).toEqual({ status: 'ok', packets: [{ type: 'xr', ssrc: 0xffffffff, voipMetrics: [] }] });
  });

  it('rejects a block length past the packet end', () => {
    const view = hex(...XR_HEADER, ...RRT_BLOCK, ...VOIP_BLOCK);
    view.setUint16(10, 0x0003); // RRT block length 3 (16 bytes)...
    view.setUint16(2, 0x0004); // ...in a packet cut to 20 bytes
    expect(decodeRtcpCompound(view, 0, 20)).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('rejects a VoIP metrics block with a short block length', () => {
    const result = decode(
      '80', // V=2, P=0, reserved
      'cf', // PT=207 (XR)
      '0003', // length 3 (16 bytes)
      '01020304', // SSRC of packet sender
      '07', // BT=7 (VoIP metrics)
      '00', // reserved
      '0001', // block length 1 (8 bytes): should be 8 (36 bytes)
      '11223344', // SSRC of source
    );
    expect(result).toEqual({ status: 'rtcp-truncated-block', packets: [] });
  });

  it('rejects a partial block header and a missing SSRC', () => {
    expect(
      decode(
        '80', // V=2, P=0, reserved
        'cf', // PT=207 (XR)
        '0001', // length 1 (8 bytes)
        '01020304', // SSRC of packet sender
        '0700', // half a block header: packet length does not cover it
      ).status,
    ).toBe('rtcp-bad-length');
    const view = hex('80cf0002', '01020304', '0700'); // block header cut by the content end
    expect(decodeXr(view, 0, 10)).toBe('rtcp-truncated-block');
    expect(decodeXr(view, 0, 7)).toBe('rtcp-truncated-block');
  });

  it('decodeVoipMetrics reads a block at an offset', () => {
    const view = hex('ffff', ...VOIP_BLOCK);
    expect(view.byteLength).toBe(2 + VOIP_METRICS_SIZE);
    expect(decodeVoipMetrics(view, 2)).toEqual(METRICS);
  });
});
