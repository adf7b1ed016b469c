import { describe, expect, it } from 'vitest';
import { CaptureFormatError } from '../../../electron/engine/source/frame.ts';
import {
  type ByteOrder,
  block,
  concat,
  EPB_TYPE,
  epb,
  ISB_TYPE,
  idb,
  NRB_TYPE,
  offsetsOf,
  opb,
  parseCapture,
  payload,
  SHB_TYPE,
  shb,
  spb,
  tsoffset,
  tsresol,
  u16,
  u32,
  u64,
} from './capture-bytes.ts';

const ORDERS: ByteOrder[] = ['le', 'be'];
const ETHERNET = 1;
const RAW = 101;
const LINUX_SLL = 113;

function expectFormatError(error: unknown, offset: number, message: RegExp): void {
  expect(error).toBeInstanceOf(CaptureFormatError);
  expect((error as CaptureFormatError).offset).toBe(offset);
  expect((error as CaptureFormatError).message).toMatch(message);
  expect((error as CaptureFormatError).message).toMatch(new RegExp(` at byte offset ${offset}$`));
  expect((error as CaptureFormatError).message).not.toContain('\n');
}

describe('pcapng', () => {
  for (const order of ORDERS) {
    it(`reads a ${order} section with interfaces of different link types and resolutions`, () => {
      const parts = [
        shb(order),
        idb(order, ETHERNET, 0, [tsresol(order, 9)]), // interface 0: ns
        idb(order, RAW, 1500, [tsresol(order, 0x80 | 10)]), // interface 1: 2^-10 s
        idb(order, LINUX_SLL, 65_535), // interface 2: default µs
        epb(order, { interfaceId: 0, timestamp: 1_700_000_000_123_456_789n, data: payload(61, 1) }),
        epb(order, { interfaceId: 1, timestamp: 1_700_000_000n * 1024n + 512n, data: payload(20, 2) }),
        epb(order, {
          interfaceId: 2,
          timestamp: 1_700_000_000_000_001n,
          data: payload(3, 3),
          originalLength: 90,
        }),
      ];
      const offsets = offsetsOf(parts);
      const { frames, parser, error } = parseCapture(concat(...parts));
      expect(error).toBeUndefined();
      expect(parser.format).toBe('pcapng');
      expect(parser.interfaces).toEqual([
        { linkType: ETHERNET, snapLength: 0, tsUnitsPerSecond: 1e9 },
        { linkType: RAW, snapLength: 1500, tsUnitsPerSecond: 1024 },
        { linkType: LINUX_SLL, snapLength: 65_535, tsUnitsPerSecond: 1e6 },
      ]);
      expect(frames).toEqual([
        {
          tsSec: 1_700_000_000,
          tsNsec: 123_456_789,
          linkType: ETHERNET,
          interfaceId: 0,
          fileOffset: offsets[4],
          capturedLength: 61,
          originalLength: 61,
          bytes: Array.from(payload(61, 1)),
        },
        {
          tsSec: 1_700_000_000,
          tsNsec: 500_000_000,
          linkType: RAW,
          interfaceId: 1,
          fileOffset: offsets[5],
          capturedLength: 20,
          originalLength: 20,
          bytes: Array.from(payload(20, 2)),
        },
        {
          tsSec: 1_700_000_000,
          tsNsec: 1_000,
          linkType: LINUX_SLL,
          interfaceId: 2,
          fileOffset: offsets[6],
          capturedLength: 3,
          originalLength: 90,
          bytes: [3, 4, 5],
        },
      ]);
    });

    it(`applies ${order} if_tsoffset (seconds, may be negative)`, () => {
      const bytes = concat(
        shb(order),
        idb(order, ETHERNET, 0, [tsoffset(order, 1_600_000_000n)]),
        idb(order, ETHERNET, 0, [tsoffset(order, -10n), tsresol(order, 3)]),
        epb(order, { interfaceId: 0, timestamp: 2_500_000n, data: [1] }),
        epb(order, { interfaceId: 1, timestamp: 100_250n, data: [2] }),
      );
      const { frames, error } = parseCapture(bytes);
      expect(error).toBeUndefined();
      expect(frames.map((f) => [f.tsSec, f.tsNsec])).toEqual([
        [1_600_000_002, 500_000_000],
        [90, 250_000_000],
      ]);
    });

    it(`reads ${order} simple and obsolete packet blocks`, () => {
      const parts = [
        shb(order),
        idb(order, ETHERNET, 8),
        idb(order, RAW, 0, [tsresol(order, 9)]),
        spb(order, payload(8, 1), 100), // cut to the snap length 8
        spb(order, payload(5, 2)), // padded to 8 bytes, captured length = original length 5
        opb(order, { interfaceId: 1, drops: 3, timestamp: 7_000_000_001n, data: payload(6, 3) }),
      ];
      const offsets = offsetsOf(parts);
      const { frames, error } = parseCapture(concat(...parts));
      expect(error).toBeUndefined();
      expect(
        frames.map((f) => [f.interfaceId, f.linkType, f.tsSec, f.tsNsec, f.capturedLength, f.originalLength]),
      ).toEqual([
        [0, ETHERNET, 0, 0, 8, 100],
        [0, ETHERNET, 0, 0, 5, 5],
        [1, RAW, 7, 1, 6, 6],
      ]);
      expect(frames.map((f) => f.fileOffset)).toEqual(offsets.slice(3));
      expect(frames[1]?.bytes).toEqual(Array.from(payload(5, 2)));
    });
  }

  it('uses the block space when a simple packet block is shorter than its original length', () => {
    const bytes = concat(shb('le'), idb('le', ETHERNET, 0), spb('le', payload(12), 1500));
    expect(parseCapture(bytes).frames.map((f) => [f.capturedLength, f.originalLength])).toEqual([[12, 1500]]);
  });

  it('skips name resolution, statistics, custom and unknown blocks', () => {
    const parts = [
      shb('le', concat(u16(4, 'le'), u16(3, 'le'), [0x61, 0x62, 0x63, 0], u32(0, 'le'))), // shb_userappl + end
      block('le', NRB_TYPE, concat(u16(0, 'le'), u16(0, 'le'))),
      idb('le', ETHERNET, 0),
      block('le', ISB_TYPE, concat(u32(0, 'le'), u32(0, 'le'), u32(0, 'le'))),
      block('le', 0x0000_0bad, payload(17)), // custom block
      block('le', 0x1234_5678, []), // unknown, empty body
      epb('le', { data: payload(4) }),
    ];
    const { frames, error } = parseCapture(concat(...parts));
    expect(error).toBeUndefined();
    expect(frames.map((f) => f.fileOffset)).toEqual([offsetsOf(parts)[6]]);
  });

  it('reads two sections with different byte orders, each with its own interfaces', () => {
    const parts = [
      shb('le'),
      idb('le', ETHERNET, 0),
      epb('le', { interfaceId: 0, timestamp: 1_000_000n, data: [1] }),
      shb('be'),
      idb('be', RAW, 0, [tsresol('be', 9)]),
      epb('be', { interfaceId: 0, timestamp: 2_000_000_005n, data: [2] }),
    ];
    const { frames, parser, error } = parseCapture(concat(...parts));
    expect(error).toBeUndefined();
    expect(frames.map((f) => [f.interfaceId, f.linkType, f.tsSec, f.tsNsec, f.bytes])).toEqual([
      [0, ETHERNET, 1, 0, [1]],
      [0, RAW, 2, 5, [2]],
    ]);
    expect(parser.interfaces.map((i) => i.linkType)).toEqual([ETHERNET, RAW]);
  });

  it('forgets the interfaces of the previous section', () => {
    const parts = [shb('le'), idb('le', ETHERNET, 0), shb('be'), epb('be', { interfaceId: 0, data: [1] })];
    const { frames, error } = parseCapture(concat(...parts));
    expect(frames).toEqual([]);
    expectFormatError(
      error,
      offsetsOf(parts)[3]!,
      /^packet block refers to interface 0, but only 0 interface\(s\)/,
    );
  });

  describe('damaged input', () => {
    const head = [shb('le'), idb('le', ETHERNET, 0)];
    const start = head.reduce((sum, part) => sum + part.length, 0);
    const good = epb('le', { data: payload(4) });

    function parseAfterGoodPacket(damaged: Uint8Array): ReturnType<typeof parseCapture> {
      const result = parseCapture(concat(...head, good, damaged));
      expect(result.frames).toHaveLength(1);
      return result;
    }

    it('rejects a packet block naming an interface that was not described', () => {
      const { error } = parseAfterGoodPacket(epb('le', { interfaceId: 2, data: [1] }));
      expectFormatError(
        error,
        start + good.length,
        /^packet block refers to interface 2, but only 1 interface\(s\) are described/,
      );
    });

    it('rejects a simple packet block before any interface', () => {
      const { error } = parseCapture(concat(shb('le'), spb('le', [1, 2])));
      expectFormatError(error, shb('le').length, /^packet block refers to interface 0, but only 0/);
    });

    it('rejects a captured length larger than the block', () => {
      const { error } = parseAfterGoodPacket(epb('le', { data: payload(8), capturedLength: 9 }));
      expectFormatError(
        error,
        start + good.length,
        /^captured length 9 exceeds the block's 8 bytes of space/,
      );
    });

    it('rejects a block length that is not a multiple of 4', () => {
      const damaged = epb('le', { data: payload(4) });
      damaged.set(u32(33, 'le'), 4);
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^block length 33 is not a multiple of 4/,
      );
    });

    it('rejects a block length under 12', () => {
      const damaged = concat(u32(NRB_TYPE, 'le'), u32(8, 'le'), u32(8, 'le'));
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^block length 8 is less than/,
      );
    });

    it('rejects a packet block too short for its fixed fields', () => {
      const damaged = block('le', EPB_TYPE, payload(8));
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^block type 0x00000006 of 20 bytes is shorter than 32/,
      );
    });

    it('rejects an absurd block length before buffering it', () => {
      const damaged = concat(u32(EPB_TYPE, 'le'), u32(0xffff_fff0, 'le'));
      const { error, parser } = parseAfterGoodPacket(damaged);
      expectFormatError(
        error,
        start + good.length,
        /^block length 4294967280 exceeds the limit of 268435456 bytes/,
      );
      expect(parser.frames).toBe(1);
    });

    it('rejects a trailing length that differs from the leading one', () => {
      const damaged = epb('le', { data: payload(4) });
      damaged.set(u32(40, 'le'), damaged.length - 4);
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^block trailing length 40 does not match its leading length 36/,
      );
    });

    it('rejects a bad byte-order magic', () => {
      const damaged = shb('le');
      damaged.set(u32(0x1a2b3c4e, 'be'), 8);
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^bad pcapng byte-order magic 0x1a2b3c4e/,
      );
    });

    it('rejects an unsupported major version', () => {
      const damaged = shb('be');
      damaged.set(u16(2, 'be'), 12);
      expectFormatError(
        parseAfterGoodPacket(damaged).error,
        start + good.length,
        /^unsupported pcapng version 2\.0/,
      );
    });

    it('rejects an if_tsresol finer than supported, naming it', () => {
      const at = shb('le').length;
      const tooFine = parseCapture(concat(shb('le'), idb('le', ETHERNET, 0, [tsresol('le', 12)])));
      expectFormatError(tooFine.error, at, /^unsupported if_tsresol 12 \(10\^-12 s;/);
      const tooFineBinary = parseCapture(
        concat(shb('le'), idb('le', ETHERNET, 0, [tsresol('le', 0x80 | 31)])),
      );
      expectFormatError(tooFineBinary.error, at, /^unsupported if_tsresol 159 \(2\^-31 s;/);
    });

    it('rejects an interface option that overruns its block', () => {
      const body = concat(
        u16(ETHERNET, 'le'),
        u16(0, 'le'),
        u32(0, 'le'),
        u16(2, 'le'),
        u16(40, 'le'),
        u32(0, 'le'),
      );
      const { error } = parseCapture(concat(shb('le'), block('le', 1, body)));
      expectFormatError(error, shb('le').length, /^interface option 2 of 40 bytes overruns its block/);
    });

    it('rejects an if_tsoffset of the wrong size or beyond 2^53 s', () => {
      const at = shb('le').length;
      const short = idb('le', ETHERNET, 0, [concat(u16(14, 'le'), u16(4, 'le'), u32(0, 'le'))]);
      expectFormatError(parseCapture(concat(shb('le'), short)).error, at, /^if_tsoffset option of 4 bytes/);
      const huge = idb('le', ETHERNET, 0, [tsoffset('le', 2n ** 60n)]);
      expectFormatError(
        parseCapture(concat(shb('le'), huge)).error,
        at,
        /^if_tsoffset \d+ s is out of range/,
      );
    });

    it('rejects a timestamp whose seconds exceed 2^53', () => {
      const parts = [
        shb('le'),
        idb('le', ETHERNET, 0, [tsresol('le', 0)]),
        epb('le', { timestamp: 2n ** 60n, data: [] }),
      ];
      expectFormatError(
        parseCapture(concat(...parts)).error,
        offsetsOf(parts)[2]!,
        /^timestamp of \d+ ticks is out of range/,
      );
    });
  });

  it('reports the SHB magic as the format', () => {
    const { parser } = parseCapture(concat(u32(SHB_TYPE, 'le'), u32(28, 'le')));
    expect(parser.format).toBe('pcapng');
  });

  it('encodes 64-bit fields as the helpers claim', () => {
    expect(u64(1n, 'be')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(u64(-1n, 'le')).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
  });
});
