import { describe, expect, it } from 'vitest';
import {
  CODEC_TABLE,
  fallbackCodec,
  G711_PLC_BPL,
  lookupCodec,
  lookupCodecByPayloadType,
  NO_PLC_BPL,
} from '../../../shared/emodel/codecs.ts';

describe('lookupCodec', () => {
  it('finds G.711 by its RTP names, with PLC by default (spec 3.1)', () => {
    for (const name of ['PCMU', 'PCMA', 'pcmu', 'Pcma', 'G711', 'G.711', 'PCMU/8000', ' PCMA/8000/1 ']) {
      const codec = lookupCodec(name);
      expect(codec.id, name).toBe('g711');
      expect(codec.ie).toBe(0);
      expect(codec.bpl).toBe(25.1);
      expect(codec.provenance).toBe('official');
      expect(codec.fallback).toBe(false);
      expect(codec.reason).toBeNull();
    }
  });

  it('G.711 without PLC on request: Bpl 4.3 (G.113 Table I.3)', () => {
    const codec = lookupCodec('PCMU', { g711Plc: false });
    expect(codec.id).toBe('g711-noplc');
    expect(codec.bpl).toBe(NO_PLC_BPL);
    expect(codec.provenance).toBe('official');
    expect(lookupCodec('PCMA', { g711Plc: true }).bpl).toBe(G711_PLC_BPL);
    // The option only concerns G.711.
    expect(lookupCodec('G729', { g711Plc: false }).id).toBe('g729a');
  });

  it.each([
    ['G729', 'g729a', 11, 19, 'official'],
    ['g729', 'g729a', 11, 19, 'official'],
    ['G723', 'g723', 15, 16.1, 'official'],
    ['G.723.1', 'g723', 15, 16.1, 'official'],
    ['GSM-EFR', 'gsm-efr', 5, 10, 'official'],
    ['GSM', 'gsm', 20, 4.3, 'estimate'],
    ['G726-32', 'g726-32', 7, 4.3, 'estimate'],
    ['G728', 'g728', 7, 4.3, 'estimate'],
    ['AMR', 'amr', 5, 10, 'derived'],
    ['g723-5.3', 'g723-5.3', 19, 16.1, 'estimate'],
    ['opus-nb', 'opus-nb', 0, 25.1, 'estimate'],
    ['speex', 'speex', 0, 25.1, 'estimate'],
    ['iLBC', 'ilbc', 0, 25.1, 'estimate'],
    ['ilbc', 'ilbc', 0, 25.1, 'estimate'],
    ['EVS', 'evs', 0, 25.1, 'estimate'],
    ['SILK', 'silk', 0, 25.1, 'estimate'],
  ])('%s → %s (Ie %d, Bpl %d, %s)', (name, id, ie, bpl, provenance) => {
    const codec = lookupCodec(name);
    expect(codec.id).toBe(id);
    expect(codec.ie).toBe(ie);
    expect(codec.bpl).toBe(bpl);
    expect(codec.provenance).toBe(provenance);
    expect(codec.band).toBe('narrowband');
    expect(codec.fallback).toBe(false);
  });

  it.each(['opus', 'OPUS/48000/2'])(
    '%s is scored on the wideband scale with research values, flagged',
    (name) => {
      const codec = lookupCodec(name);
      expect(codec).toMatchObject({
        id: 'opus',
        band: 'wideband',
        ie: 10.67,
        bpl: 9.79,
        provenance: 'estimate',
      });
      expect(codec.reason).toMatch(/research/);
    },
  );

  it('wideband codecs carry Ie,WB on the 129 scale', () => {
    const g722 = lookupCodec('G722');
    expect(g722).toMatchObject({ id: 'g722', band: 'wideband', ie: 14, staticPayloadTypes: [9] });
    expect(g722.ieProvenance).toBe('derived');
    expect(g722.bplProvenance).toBe('estimate');
    expect(g722.provenance).toBe('estimate');
    expect(lookupCodec('g722-56').ie).toBe(18);
    expect(lookupCodec('g722-48').ie).toBe(24);
    expect(lookupCodec('AMR-WB')).toMatchObject({ band: 'wideband', provenance: 'estimate' });
  });

  it('flags the unknown fallback and never returns it silently', () => {
    for (const name of ['G7221', 'foo', 'telephone-event', 'CN', '']) {
      const codec = lookupCodec(name);
      expect(codec.fallback, name).toBe(true);
      expect(codec.provenance).toBe('estimate');
      expect(codec.reason).toMatch(/G\.711/);
      expect(codec.ie).toBe(0);
      expect(codec.bpl).toBe(25.1);
      expect(codec.band).toBe('narrowband');
    }
    expect(lookupCodec('foo').reason).toMatch(/'foo' is not in the codec table/);
    expect(lookupCodec('telephone-event').reason).toMatch(/not a speech codec/);
    expect(lookupCodec(null)).toMatchObject({ fallback: true, id: 'unknown' });
    expect(lookupCodec(null).reason).toMatch(/no encoding known/);
  });

  it('fallbackCodec carries the given reason', () => {
    expect(fallbackCodec('X', 'because').reason).toMatch(/^because; estimated with G\.711/);
  });
});

describe('lookupCodecByPayloadType (RFC 3551)', () => {
  it.each([
    [0, 'g711'],
    [8, 'g711'],
    [3, 'gsm'],
    [4, 'g723'],
    [9, 'g722'],
    [15, 'g728'],
    [18, 'g729a'],
    [2, 'g726-32'],
  ])('PT %d → %s', (pt, id) => {
    expect(lookupCodecByPayloadType(pt).id).toBe(id);
  });

  it('honours the PLC option and flags what it cannot know', () => {
    expect(lookupCodecByPayloadType(0, { g711Plc: false }).id).toBe('g711-noplc');
    expect(lookupCodecByPayloadType(96)).toMatchObject({ fallback: true });
    expect(lookupCodecByPayloadType(96).reason).toMatch(/needs SDP/);
    expect(lookupCodecByPayloadType(13)).toMatchObject({ fallback: true });
    expect(lookupCodecByPayloadType(5)).toMatchObject({ fallback: true }); // DVI4: no Ie known
  });
});

describe('the table', () => {
  it('gives every id and alias to one entry only', () => {
    const owners = new Map<string, Set<string>>();
    for (const codec of CODEC_TABLE) {
      for (const key of [codec.id, ...codec.aliases].map((k) => k.toLowerCase().replace(/[\s._]/g, ''))) {
        owners.set(key, (owners.get(key) ?? new Set()).add(codec.id));
      }
    }
    for (const [key, ids] of owners) expect([...ids], key).toHaveLength(1);
    expect(new Set(CODEC_TABLE.map((codec) => codec.id)).size).toBe(CODEC_TABLE.length);
  });

  it('every entry is complete and consistent', () => {
    for (const codec of CODEC_TABLE) {
      expect(codec.bpl, codec.id).toBeGreaterThan(0);
      expect(codec.ie).toBeGreaterThanOrEqual(0);
      expect(codec.defaultPacketTimeMs).toBeGreaterThan(0);
      expect(codec.codecDelayMs).toBeGreaterThanOrEqual(0);
      expect(codec.source.length).toBeGreaterThan(10);
      expect(codec.fallback).toBe(false);
      expect(['official', 'derived', 'estimate']).toContain(codec.provenance);
      if (codec.provenance === 'official') expect(codec.reason).toBeNull();
      else expect(codec.reason).toEqual(expect.any(String));
      expect(lookupCodec(codec.id)).toBe(codec);
    }
  });

  it('has the codec delays of spec 4.2', () => {
    expect(lookupCodec('G729').codecDelayMs).toBe(5);
    expect(lookupCodec('G723')).toMatchObject({ defaultPacketTimeMs: 30, codecDelayMs: 7.5 });
    expect(lookupCodec('G722').codecDelayMs).toBe(1.5);
    expect(lookupCodec('EVS').codecDelayMs).toBe(12);
    expect(lookupCodec('speex').codecDelayMs).toBe(10);
    expect(lookupCodec('PCMU')).toMatchObject({ defaultPacketTimeMs: 20, codecDelayMs: 0 });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CODEC_TABLE)).toBe(true);
    expect(Object.isFrozen(CODEC_TABLE[0])).toBe(true);
  });
});
