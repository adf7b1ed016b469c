import { describe, expect, it } from 'vitest';
import { SEEN_WINDOW, SeenWindow } from '../../../electron/engine/track/seen-window.ts';

describe('SeenWindow', () => {
  it('reports a number as seen only after it was marked', () => {
    const seen = new SeenWindow();
    expect(seen.markSeen(5)).toBe(false);
    expect(seen.markSeen(5)).toBe(true);
    expect(seen.markSeen(6)).toBe(false);
  });

  it('forgets numbers a whole window older (their slot is reused)', () => {
    const seen = new SeenWindow();
    seen.markSeen(10);
    seen.markSeen(10 + SEEN_WINDOW);
    expect(seen.markSeen(10)).toBe(false);
  });

  it('handles extended numbers beyond 16 bits and zero', () => {
    const seen = new SeenWindow();
    expect(seen.markSeen(0)).toBe(false);
    expect(seen.markSeen(3 * 65536 + 7)).toBe(false);
    expect(seen.markSeen(3 * 65536 + 7)).toBe(true);
  });
});
