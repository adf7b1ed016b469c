/**
 * Remembers which extended sequence numbers arrived recently, so a packet at or below the highest
 * one seen can be told apart as a duplicate (seen before) or out of order (fills a gap).
 * A ring of the last `SEEN_WINDOW` extended numbers; no clearing is needed because each slot stores
 * the full extended number it was last set for.
 */
export const SEEN_WINDOW = 1024;

export class SeenWindow {
  readonly #slots = new Float64Array(SEEN_WINDOW).fill(-1);

  /** Marks `extSeq` as seen and says whether it had been seen already. */
  markSeen(extSeq: number): boolean {
    const slot = ((extSeq % SEEN_WINDOW) + SEEN_WINDOW) % SEEN_WINDOW;
    const before = this.#slots[slot] === extSeq;
    this.#slots[slot] = extSeq;
    return before;
  }
}
