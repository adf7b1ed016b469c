/** The generator's options: defaults, and a RangeError naming each bad value. */

import { describe, expect, it } from 'vitest';
import {
  CODEC_PROFILES,
  findCodecProfile,
  timestampStep,
} from '../../../electron/engine/generate/codec-profiles.ts';
import {
  DEFAULT_GENERATE_OPTIONS,
  type GenerateOptions,
  resolveGenerateOptions,
} from '../../../electron/engine/generate/scenario.ts';

describe('resolveGenerateOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveGenerateOptions()).toEqual({
      calls: 1,
      durationS: 10,
      codec: 'PCMU',
      jitterMs: 0,
      lossPercent: 0,
      burstRatio: 1,
      reorderPercent: 0,
      duplicatePercent: 0,
      seed: 1,
      withSip: false,
      destination: { address: '192.0.2.2', port: 40000 },
      source: { address: '192.0.2.1', port: 20000 },
      rtcpIntervalS: 5,
      startTimeSec: 1_700_000_000,
      pathDelayMs: 40,
      sipPort: 5060,
    });
    expect(Object.isFrozen(DEFAULT_GENERATE_OPTIONS)).toBe(true);
  });

  it('takes codec names in any case and stores the canonical one', () => {
    expect(resolveGenerateOptions({ codec: 'OPUS' }).codec).toBe('opus');
    expect(resolveGenerateOptions({ codec: 'g729' }).codec).toBe('G729');
  });

  const bad: [string, Partial<GenerateOptions>, RegExp][] = [
    ['calls 0', { calls: 0 }, /calls must be a number from 1 to 5000/],
    ['calls 5001', { calls: 5001 }, /calls/],
    ['fractional calls', { calls: 1.5 }, /calls must be a whole number/],
    ['duration 0', { durationS: 0 }, /durationS/],
    ['duration above an hour', { durationS: 3601 }, /durationS/],
    ['unknown codec', { codec: 'AMR' }, /unknown codec 'AMR' \(known: PCMU, PCMA, G722, G729, opus, GSM\)/],
    ['negative jitter', { jitterMs: -1 }, /jitterMs/],
    ['jitter above 1 s', { jitterMs: 1001 }, /jitterMs/],
    ['loss above 100', { lossPercent: 101 }, /lossPercent/],
    ['burst ratio below 1', { burstRatio: 0.5 }, /burstRatio/],
    ['NaN reorder', { reorderPercent: Number.NaN }, /reorderPercent/],
    ['negative duplicates', { duplicatePercent: -3 }, /duplicatePercent/],
    ['negative seed', { seed: -1 }, /seed/],
    ['seed above 32 bits', { seed: 2 ** 32 }, /seed/],
    [
      'bad address',
      { destination: { address: 'callee', port: 4000 } },
      /destination address must be an IPv4 or IPv6/,
    ],
    ['port 0', { source: { address: '192.0.2.1', port: 0 } }, /source port/],
    ['no room for the ports', { calls: 10, destination: { address: '192.0.2.2', port: 65_530 } }, /no room/],
    ['mixed families', { destination: { address: '2001:db8::2', port: 4000 } }, /both be IPv4 or both IPv6/],
    [
      'overlapping media ports on one address',
      {
        calls: 3,
        source: { address: '127.0.0.1', port: 4000 },
        destination: { address: '127.0.0.1', port: 4004 },
      },
      /caller and callee media ports overlap/,
    ],
    [
      'SIP port among the media ports',
      { withSip: true, sipPort: 40_000 },
      /callee SIP port and callee media ports overlap/,
    ],
    ['RTCP interval too short', { rtcpIntervalS: 0.1 }, /rtcpIntervalS/],
    ['negative start time', { startTimeSec: -1 }, /startTimeSec/],
    ['path delay above 5 s', { pathDelayMs: 6000 }, /pathDelayMs/],
  ];
  it.each(bad)('rejects %s', (_name, options, message) => {
    expect(() => resolveGenerateOptions(options)).toThrow(RangeError);
    expect(() => resolveGenerateOptions(options)).toThrow(message);
  });
});

describe('codec profiles', () => {
  it('describe 20 ms packets with the RFC 3551 sizes and clocks', () => {
    const table = CODEC_PROFILES.map((c) => [
      c.name,
      c.payloadType,
      c.clockRateHz,
      timestampStep(c),
      c.payloadBytes,
    ]);
    expect(table).toEqual([
      ['PCMU', 0, 8000, 160, [160, 160]],
      ['PCMA', 8, 8000, 160, [160, 160]],
      ['G722', 9, 8000, 160, [160, 160]],
      ['G729', 18, 8000, 160, [20, 20]],
      ['opus', 111, 48_000, 960, [55, 65]],
      ['GSM', 3, 8000, 160, [33, 33]],
    ]);
    expect(findCodecProfile('gsm')?.rtpmap).toBe('GSM/8000');
    expect(findCodecProfile('speex')).toBeUndefined();
  });
});
