import { describe, expect, it } from 'vitest';
import { CodecEvidence, guessCodec } from '../../../electron/engine/track/codec-guess.ts';

/** Evidence of `count` steps of `units` timestamp units every `ms` of arrival with `bytes` of payload. */
function evidence(
  count: number,
  units: number,
  ms: number,
  bytes: number,
  jitter = (_i: number) => 0,
): CodecEvidence {
  const e = new CodecEvidence();
  for (let i = 0; i < count; i++) e.add(units, ms + jitter(i), bytes);
  return e;
}

describe('guessCodec', () => {
  it.each([
    ['G.711: 160 units and 160 bytes per 20 ms', 160, 20, 160, 8000, 'PCMU'],
    ['G.729: 160 units and 20 bytes per 20 ms', 160, 20, 20, 8000, 'G729'],
    ['GSM: 33 bytes per 20 ms', 160, 20, 33, 8000, 'GSM'],
    ['iLBC 20 ms: 38 bytes', 160, 20, 38, 8000, 'iLBC'],
    ['iLBC 30 ms: 50 bytes', 240, 30, 50, 8000, 'iLBC'],
    ['Opus: 960 units per 20 ms', 960, 20, 80, 48_000, 'opus'],
    ['16 kHz clock, codec unknown', 320, 20, 61, 16_000, null],
  ])('%s', (_name, units, ms, bytes, clockRateHz, encoding) => {
    const guess = guessCodec(evidence(50, units, ms, bytes))!;
    expect(guess.clockRateHz).toBe(clockRateHz);
    expect(guess.encoding).toBe(encoding);
    expect(guess.video).toBe(false);
    expect(guess.reason).toMatch(/units\/s/);
  });

  it('takes 90 kHz for video', () => {
    expect(guessCodec(evidence(50, 3000, 1000 / 30, 1200))).toMatchObject({
      clockRateHz: 90_000,
      video: true,
    });
  });

  it('is robust to bursty arrival and to pauses', () => {
    // Every fifth packet arrives in a burst right after the previous one.
    const bursty = evidence(100, 960, 20, 80, (i) => (i % 5 === 0 ? -19 : 4.75));
    expect(guessCodec(bursty)?.encoding).toBe('opus');
    // A 2 s pause every 10 packets (DTX without a marker bit).
    const paused = evidence(100, 960, 20, 80, (i) => (i % 10 === 9 ? 2000 : 0));
    expect(guessCodec(paused)?.encoding).toBe('opus');
  });

  it('does not guess from too few packets or from a clock far from any standard one', () => {
    expect(guessCodec(evidence(5, 160, 20, 160))).toBeNull();
    expect(guessCodec(evidence(50, 220, 20, 160))).toBeNull(); // 11 kHz
  });
});
