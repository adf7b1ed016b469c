/** The generator's randomness: reproducible, well spread, and the Gilbert loss model's rates. */

import { describe, expect, it } from 'vitest';
import { GilbertLoss, gilbertParameters } from '../../../electron/engine/generate/gilbert.ts';
import { deriveSeed, hash32, Prng } from '../../../electron/engine/generate/prng.ts';

const draws = (rng: Prng, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('Prng (mulberry32)', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draws(new Prng(42), 8)).toEqual(draws(new Prng(42), 8));
    expect(draws(new Prng(42), 8)).not.toEqual(draws(new Prng(43), 8));
    // The reference mulberry32(1) starts with 0.6270739405881613 (= 2693262067 / 2^32); pinning it
    // pins the algorithm: changing it would change every generated file.
    expect(new Prng(1).uint32()).toBe(2_693_262_067);
    expect(new Prng(1).next()).toBe(0.6270739405881613);
  });

  it('draws uniform numbers in range', () => {
    const rng = new Prng(7);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const ints = Array.from({ length: 1000 }, () => rng.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect(rng.hex(4)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('derives independent seeds from the user seed and the parts naming a sub-stream', () => {
    expect(deriveSeed(1, 0, 1)).toBe(deriveSeed(1, 0, 1));
    const seeds = new Set([
      deriveSeed(1, 0, 1),
      deriveSeed(1, 1, 0),
      deriveSeed(2, 0, 1),
      deriveSeed(1, 0, 2),
    ]);
    expect(seeds.size).toBe(4);
    expect(deriveSeed(2 ** 32 + 1)).not.toBe(deriveSeed(1)); // the high part of a large seed counts
    expect(hash32(5, 6)).toBe(hash32(5, 6));
    expect(hash32(5, 6)).not.toBe(hash32(5, 7));
  });
});

describe('GilbertLoss', () => {
  it('derives p and q from the loss probability and the burst ratio', () => {
    expect(gilbertParameters(0.05, 1)).toEqual({ p: 0.05, q: 0.95 });
    const { p, q } = gilbertParameters(0.05, 3);
    expect(p / (p + q)).toBeCloseTo(0.05, 12); // Ppl
    expect(1 / (p + q)).toBeCloseTo(3, 12); // BurstR
  });

  function simulate(loss: number, burstRatio: number, n = 400_000) {
    const model = new GilbertLoss(loss, burstRatio);
    const rng = new Prng(11);
    let lost = 0;
    let runs = 0;
    let previous = false;
    for (let i = 0; i < n; i++) {
      const now = model.lose(rng.next());
      if (now) lost++;
      if (now && !previous) runs++;
      previous = now;
    }
    return { rate: lost / n, meanRun: lost / runs };
  }

  it('loses Ppl of the packets, in runs BurstR times longer than random loss would', () => {
    const random = simulate(0.05, 1);
    expect(random.rate).toBeCloseTo(0.05, 2);
    expect(random.meanRun).toBeCloseTo(1 / 0.95, 1);
    const bursty = simulate(0.05, 3);
    expect(bursty.rate).toBeCloseTo(0.05, 2);
    // Mean run 1/q = BurstR / (1 - Ppl); measured BurstR = meanRun × (1 - Ppl).
    expect(bursty.meanRun * 0.95).toBeCloseTo(3, 0);
  });

  it('never loses at 0 % and always at 100 %', () => {
    expect(simulate(0, 5, 1000).rate).toBe(0);
    expect(simulate(1, 5, 1000).rate).toBe(1);
  });
});
