import { describe, expect, it } from 'vitest';
import { DECODE_STATUSES, MALFORMED } from '../../../electron/engine/decode/decode-status.ts';

describe('DecodeStatus', () => {
  it('lists every status once', () => {
    expect(new Set(DECODE_STATUSES).size).toBe(DECODE_STATUSES.length);
  });

  it('MALFORMED is every status except traffic we simply do not analyse', () => {
    for (const status of MALFORMED) expect(DECODE_STATUSES).toContain(status);
    const notMalformed = DECODE_STATUSES.filter((s) => !MALFORMED.has(s));
    expect(notMalformed.sort()).toEqual([
      'fragment-held',
      'link-unsupported',
      'not-ip',
      'not-udp-or-tcp',
      'ok',
    ]);
  });
});
