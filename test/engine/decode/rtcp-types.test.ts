import { describe, expect, it } from 'vitest';
import {
  RTCP_HEADER_SIZE,
  RTCP_STATUSES,
  RtcpPacketType,
} from '../../../electron/engine/decode/rtcp-types.ts';
import { isRtcpPayloadType } from '../../../electron/engine/decode/rtp.ts';

describe('rtcp-types', () => {
  it('lists each status once', () => {
    expect(new Set(RTCP_STATUSES).size).toBe(RTCP_STATUSES.length);
    expect(RTCP_STATUSES).toContain('ok');
  });

  it('has the RFC packet type numbers, all in the RFC 5761 RTCP range', () => {
    expect(RtcpPacketType).toEqual({
      SR: 200,
      RR: 201,
      SDES: 202,
      BYE: 203,
      APP: 204,
      RTPFB: 205,
      PSFB: 206,
      XR: 207,
    });
    for (const type of Object.values(RtcpPacketType)) expect(isRtcpPayloadType(type)).toBe(true);
    expect(RTCP_HEADER_SIZE).toBe(4);
  });
});
