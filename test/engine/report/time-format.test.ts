import { describe, expect, it } from 'vitest';
import { formatSsrc, isoMicros } from '../../../electron/engine/report/time-format.ts';

describe('isoMicros', () => {
  it.each([
    [0, 0, '1970-01-01T00:00:00.000000Z'],
    [1_117_962_378, 508_310_000, '2005-06-05T09:06:18.508310Z'],
    [1_700_000_000, 999_999_999, '2023-11-14T22:13:20.999999Z'],
    [1_700_000_000, 1_000, '2023-11-14T22:13:20.000001Z'],
  ])('%i s %i ns -> %s', (seconds, nanoseconds, text) => {
    expect(isoMicros(seconds, nanoseconds)).toBe(text);
  });

  it('says so instead of throwing for a time out of range', () => {
    expect(isoMicros(2 ** 52, 0)).toBe('invalid-time');
  });
});

describe('formatSsrc', () => {
  it.each([
    [0, '0x00000000'],
    [0xdeadbeef, '0xDEADBEEF'],
    [0xffffffff, '0xFFFFFFFF'],
    [0x2e3d, '0x00002E3D'],
  ])('%i -> %s', (ssrc, text) => {
    expect(formatSsrc(ssrc)).toBe(text);
  });
});
