import { describe, expect, it } from 'vitest';
import { CaptureFormatError } from '../../../electron/engine/source/frame.ts';
import {
  type ByteOrder,
  concat,
  MAGIC_KUZNETZOV,
  MAGIC_MICROSECONDS,
  MAGIC_NANOSECONDS,
  offsetsOf,
  parseCapture,
  payload,
  pcapHeader,
  pcapRecord,
  u32be,
} from './capture-bytes.ts';

const ORDERS: ByteOrder[] = ['le', 'be'];

describe('classic pcap', () => {
  for (const order of ORDERS) {
    it(`reads a ${order} microsecond file`, () => {
      const parts = [
        pcapHeader({ order, magic: MAGIC_MICROSECONDS, snapLength: 65_535, network: 1 }),
        pcapRecord({ order, seconds: 1_700_000_000, fraction: 123_456, data: payload(60, 1) }),
        pcapRecord({
          order,
          seconds: 1_700_000_001,
          fraction: 999_999,
          data: payload(42, 2),
          originalLength: 1514,
        }),
      ];
      const offsets = offsetsOf(parts);
      const { frames, parser, error } = parseCapture(concat(...parts));
      expect(error).toBeUndefined();
      expect(parser.format).toBe('pcap');
      expect(parser.frames).toBe(2);
      expect(parser.interfaces).toEqual([{ linkType: 1, snapLength: 65_535, tsUnitsPerSecond: 1_000_000 }]);
      expect(frames).toEqual([
        {
          tsSec: 1_700_000_000,
          tsNsec: 123_456_000,
          linkType: 1,
          interfaceId: 0,
          fileOffset: offsets[1],
          capturedLength: 60,
          originalLength: 60,
          bytes: Array.from(payload(60, 1)),
        },
        {
          tsSec: 1_700_000_001,
          tsNsec: 999_999_000,
          linkType: 1,
          interfaceId: 0,
          fileOffset: offsets[2],
          capturedLength: 42,
          originalLength: 1514,
          bytes: Array.from(payload(42, 2)),
        },
      ]);
    });

    it(`reads a ${order} nanosecond file`, () => {
      const bytes = concat(
        pcapHeader({ order, magic: MAGIC_NANOSECONDS, network: 0 }),
        pcapRecord({ order, seconds: 1_700_000_000, fraction: 123_456_789, data: payload(20) }),
      );
      const { frames, parser, error } = parseCapture(bytes);
      expect(error).toBeUndefined();
      expect(parser.interfaces[0]?.tsUnitsPerSecond).toBe(1_000_000_000);
      expect(frames.map((f) => [f.tsSec, f.tsNsec, f.linkType])).toEqual([[1_700_000_000, 123_456_789, 0]]);
    });

    it(`reads a ${order} Kuznetzov (modified) file, skipping the 8 extra header bytes`, () => {
      const parts = [
        pcapHeader({ order, magic: MAGIC_KUZNETZOV }),
        pcapRecord({ order, seconds: 10, fraction: 5, data: payload(30, 7), kuznetzov: true }),
        pcapRecord({ order, seconds: 11, fraction: 6, data: payload(31, 8), kuznetzov: true }),
      ];
      const offsets = offsetsOf(parts);
      const { frames, error } = parseCapture(concat(...parts));
      expect(error).toBeUndefined();
      expect(frames.map((f) => [f.tsSec, f.tsNsec, f.fileOffset, f.bytes])).toEqual([
        [10, 5_000, offsets[1], Array.from(payload(30, 7))],
        [11, 6_000, offsets[2], Array.from(payload(31, 8))],
      ]);
    });
  }

  it('keeps only the link type bits of the network field (FCS information above them)', () => {
    const fcsPresent = 0x1000_0000 | 0x0400_0000;
    const bytes = concat(
      pcapHeader({ network: fcsPresent | 1 }),
      pcapRecord({ seconds: 1, fraction: 0, data: [1] }),
    );
    const { frames, parser } = parseCapture(bytes);
    expect(parser.interfaces[0]?.linkType).toBe(1);
    expect(frames[0]?.linkType).toBe(1);
  });

  it('carries an out-of-range sub-second field into the seconds', () => {
    const bytes = concat(pcapHeader(), pcapRecord({ seconds: 5, fraction: 2_500_000, data: [1] }));
    expect(parseCapture(bytes).frames.map((f) => [f.tsSec, f.tsNsec])).toEqual([[7, 500_000_000]]);
  });

  it('accepts a header with no records', () => {
    const { frames, parser, error } = parseCapture(pcapHeader({ order: 'be' }));
    expect(error).toBeUndefined();
    expect(frames).toEqual([]);
    expect(parser.format).toBe('pcap');
  });

  it('reads a zero-length record', () => {
    const bytes = concat(pcapHeader(), pcapRecord({ seconds: 1, fraction: 0, data: [] }));
    expect(parseCapture(bytes).frames.map((f) => f.capturedLength)).toEqual([0]);
  });

  it('rejects a record longer than max(snaplen, 262144) without waiting for its bytes', () => {
    const parts = [
      pcapHeader({ snapLength: 1500 }),
      pcapRecord({ seconds: 1, fraction: 0, data: payload(10) }),
      pcapRecord({ seconds: 2, fraction: 0, data: payload(10), includedLength: 262_145 }),
    ];
    const { frames, error } = parseCapture(concat(...parts));
    expect(frames).toHaveLength(1);
    expect(error).toBeInstanceOf(CaptureFormatError);
    expect((error as CaptureFormatError).offset).toBe(offsetsOf(parts)[2]);
    expect((error as CaptureFormatError).message).toBe(
      `record length 262145 exceeds the limit of 262144 bytes at byte offset ${offsetsOf(parts)[2]}`,
    );
  });

  it('allows records up to a large snap length but caps the limit at 256 MiB', () => {
    const big = concat(
      pcapHeader({ snapLength: 0xffff_ffff }),
      pcapRecord({ seconds: 1, fraction: 0, data: [], includedLength: 0x1000_0001 }),
    );
    const { error } = parseCapture(big);
    expect((error as CaptureFormatError).message).toMatch(
      /^record length 268435457 exceeds the limit of 268435456/,
    );

    const roomy = concat(
      pcapHeader({ snapLength: 400_000 }),
      pcapRecord({ seconds: 1, fraction: 0, data: payload(300_000) }),
    );
    const result = parseCapture(roomy, 4096);
    expect(result.error).toBeUndefined();
    expect(result.frames[0]?.bytes).toEqual(Array.from(payload(300_000)));
  });

  it('rejects a file that is neither pcap nor pcapng, naming the magic in file order', () => {
    const html = new TextEncoder().encode('<html><body>not a capture</body></html>');
    const { error, parser } = parseCapture(html);
    expect(error).toBeInstanceOf(CaptureFormatError);
    expect((error as CaptureFormatError).offset).toBe(0);
    expect((error as CaptureFormatError).message).toBe(
      'not a pcap or pcapng file (magic 0x3c68746d) at byte offset 0',
    );
    expect(parser.format).toBeUndefined();
    const nearMiss = parseCapture(concat(u32be(0xa1b2c3d5), new Uint8Array(20)));
    expect((nearMiss.error as Error).message).toMatch(/magic 0xa1b2c3d5/);
  });
});
