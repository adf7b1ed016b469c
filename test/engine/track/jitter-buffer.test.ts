import { describe, expect, it } from 'vitest';
import { JitterBufferEmulator } from '../../../electron/engine/track/jitter-buffer.ts';

const CLOCK = 8000;

/** Plays packets sent every 20 ms (160 units) arriving at `sendMs + delays[i]`; returns the discard flags. */
function play(
  buffer: JitterBufferEmulator,
  delaysMs: number[],
  options: { marker?: (i: number) => boolean; jitterMs?: number } = {},
) {
  return delaysMs.map((delay, i) =>
    buffer.add(i * 20 + delay, i * 160, options.marker?.(i) ?? false, CLOCK, options.jitterMs ?? 0, 20),
  );
}

describe('JitterBufferEmulator', () => {
  it('discards nothing from a perfectly paced stream', () => {
    const buffer = new JitterBufferEmulator();
    expect(play(buffer, new Array(100).fill(5)).some(Boolean)).toBe(false);
    expect(buffer.delayMs).toBe(20);
  });

  it('fixed 60 ms: a packet more than 60 ms behind its schedule is discarded', () => {
    const buffer = new JitterBufferEmulator({
      mode: 'fixed',
      fixedDelayMs: 60,
      adaptiveMinMs: 20,
      adaptiveMaxMs: 200,
    });
    const delays = new Array(20).fill(0);
    delays[10] = 59; // on time: 1 ms to spare
    delays[12] = 61; // 1 ms late
    const discarded = play(buffer, delays);
    expect(discarded[10]).toBe(false);
    expect(discarded[12]).toBe(true);
    expect(buffer.discards).toBe(1);
    expect(buffer.discardRuns).toBe(1);
  });

  it('adaptive: sized max(2J, ptime) within [20, 200] ms at the anchor, grows after a late packet', () => {
    const buffer = new JitterBufferEmulator();
    play(buffer, [0], { jitterMs: 15 });
    expect(buffer.delayMs).toBe(30);
    const late = buffer.add(20 + 45, 160, false, CLOCK, 15, 20); // 15 ms past a 30 ms buffer
    expect(late).toBe(true);
    expect(buffer.delayMs).toBe(45);
    expect(buffer.add(40 + 44, 320, false, CLOCK, 15, 20)).toBe(false);
    const huge = new JitterBufferEmulator();
    play(huge, [0], { jitterMs: 500 });
    expect(huge.delayMs).toBe(200);
  });

  it('re-anchors at a talkspurt (marker bit) and after an arrival gap, so silence is not lateness', () => {
    const buffer = new JitterBufferEmulator({
      mode: 'fixed',
      fixedDelayMs: 40,
      adaptiveMinMs: 20,
      adaptiveMaxMs: 200,
    });
    play(buffer, [0, 0, 0]);
    // Next talkspurt: timestamp continues (DTX) but arrival is 3 s later.
    expect(buffer.add(3060, 480, true, CLOCK, 0, 20)).toBe(false);
    expect(buffer.add(3080, 640, false, CLOCK, 0, 20)).toBe(false);
    expect(buffer.discards).toBe(0);
  });

  it('resynchronises after an underrun instead of discarding everything', () => {
    const buffer = new JitterBufferEmulator({
      mode: 'fixed',
      fixedDelayMs: 40,
      adaptiveMinMs: 20,
      adaptiveMaxMs: 200,
    });
    const delays = [0, ...new Array(50).fill(100)]; // everything after the first packet 100 ms late
    play(buffer, delays);
    expect(buffer.discards).toBe(5);
  });

  it('ignores packets without a clock rate (telephone-event, unknown types)', () => {
    const buffer = new JitterBufferEmulator();
    expect(buffer.add(0, 0, false, 0, 0, 20)).toBe(false);
    expect(buffer.add(500, 0, false, 0, 0, 20)).toBe(false);
    expect(buffer.delayMs).toBe(0);
  });
});
