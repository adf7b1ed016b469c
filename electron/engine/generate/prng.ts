/**
 * The generator's only source of randomness: mulberry32, a small 32-bit PRNG that is fast,
 * well distributed for simulation, and fully reproducible from its seed. Independent streams of
 * numbers (one per call, stream and purpose) come from seeds mixed with `deriveSeed`, so that one
 * stream's draws never depend on how many numbers another stream drew.
 */

const UINT32 = 0x1_0000_0000;

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed for an independent sub-stream, from the user's seed and integers naming the sub-stream. */
export function deriveSeed(seed: number, ...parts: readonly number[]): number {
  let h = fmix32((seed >>> 0) ^ 0x9e37_79b9);
  h = fmix32(h ^ Math.floor(seed / UINT32));
  for (const part of parts) h = fmix32(Math.imul(h, 31) ^ (part >>> 0));
  return h;
}

/** A 32-bit mix of a seed and an index: the same inputs always give the same word. */
export function hash32(seed: number, index: number): number {
  return fmix32(Math.imul(seed >>> 0, 0x27d4_eb2d) ^ fmix32(index >>> 0));
}

/** mulberry32 (Tommy Ettinger): 2^32 period, one 32-bit state word. */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    this.#state = (this.#state + 0x6d2b_79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.uint32() / UINT32;
  }

  /** A number in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let text = '';
    for (let i = 0; i < bytes; i++) text += (this.uint32() & 0xff).toString(16).padStart(2, '0');
    return text;
  }
}
