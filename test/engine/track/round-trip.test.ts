import { describe, expect, it } from 'vitest';
import {
  captureUnits,
  RoundTripMatcher,
  RoundTripStats,
  roundTripUnits,
} from '../../../electron/engine/track/round-trip.ts';

/** NTP middle-32 value from `seconds:fraction` halves as written in RFC 3550 (0xb710:8000). */
const mid = (seconds: number, fraction: number) => seconds * 65536 + fraction;

describe('roundTripUnits (RFC 3550 §6.4.1, 32-bit modular)', () => {
  it('RFC 3550 worked example: 6.125 s', () => {
    const units = roundTripUnits(mid(0xb710, 0x8000), mid(0xb705, 0x2000), mid(0x0005, 0x4000));
    expect(units).toBe(mid(0x0006, 0x2000));
    expect(units / 65536).toBe(6.125);
  });

  it('across the 16-bit seconds wrap: 1.125 s', () => {
    const units = roundTripUnits(mid(0x0001, 0x2000), mid(0xffff, 0x8000), mid(0x0000, 0x8000));
    expect(units / 65536).toBe(1.125);
  });

  it('a "negative" round trip comes back in the upper half of the range', () => {
    expect(roundTripUnits(100, 100, 1)).toBe(0xffff_ffff);
  });

  it('capture times map onto the same 32-bit scale and wrap', () => {
    expect(captureUnits(1000)).toBe(65536);
    expect(captureUnits(65536 * 1000)).toBe(0);
  });
});

describe('RoundTripMatcher (capture-time method)', () => {
  it('measures report time minus SR time minus DLSR', () => {
    const matcher = new RoundTripMatcher();
    matcher.onSenderReport('a|b', 0x1234, 0xabcd0000, 10_000);
    // Report 2.5 s later, DLSR 2.4 s (157286.4 units -> 157286): RTT ~ 100 ms.
    const rtt = matcher.onReportBlock('a|b', { ssrc: 0x1234, lsr: 0xabcd0000, dlsr: 157_286 }, 12_500);
    expect(rtt).toBeCloseTo(100, 1);
  });

  it('ignores LSR 0, unknown SRs and absurd values; clamps tiny negatives to 0', () => {
    const matcher = new RoundTripMatcher();
    matcher.onSenderReport('a|b', 1, 777, 0);
    expect(matcher.onReportBlock('a|b', { ssrc: 1, lsr: 0, dlsr: 0 }, 10)).toBeNull();
    expect(matcher.onReportBlock('a|b', { ssrc: 1, lsr: 778, dlsr: 0 }, 10)).toBeNull();
    expect(matcher.onReportBlock('a|b', { ssrc: 2, lsr: 777, dlsr: 0 }, 10)).toBeNull();
    expect(matcher.onReportBlock('a|b', { ssrc: 1, lsr: 777, dlsr: 0 }, 20_000)).toBeNull();
    expect(matcher.onReportBlock('a|b', { ssrc: 1, lsr: 777, dlsr: 65_536 }, 999)).toBe(0);
    expect(matcher.onReportBlock('a|b', { ssrc: 1, lsr: 777, dlsr: 65_536 }, 900)).toBeNull();
  });

  it('prefers the SR of the same conversation, else one relayed elsewhere', () => {
    const matcher = new RoundTripMatcher();
    matcher.onSenderReport('leg1', 9, 555, 1000);
    matcher.onSenderReport('leg2', 9, 555, 1003);
    expect(matcher.onReportBlock('leg1', { ssrc: 9, lsr: 555, dlsr: 0 }, 1050)).toBeCloseTo(50, 1);
    expect(matcher.onReportBlock('leg3', { ssrc: 9, lsr: 555, dlsr: 0 }, 1050)).toBeCloseTo(47, 1);
  });
});

describe('RoundTripStats', () => {
  it('keeps count, mean and the latest sample', () => {
    const stats = new RoundTripStats();
    expect(stats.meanMs).toBeNull();
    stats.add(10);
    stats.add(30);
    expect(stats.samples).toBe(2);
    expect(stats.meanMs).toBe(20);
    expect(stats.lastMs).toBe(30);
  });
});
