import { describe, expect, it } from 'vitest';
import { CaptureFormatError, type Frame } from '../../../electron/engine/source/frame.ts';
import { CaptureStreamParser } from '../../../electron/engine/source/pcap-parser.ts';
import {
  type Bytes,
  concat,
  epb,
  idb,
  MAGIC_NANOSECONDS,
  offsetsOf,
  parseCapture,
  payload,
  pcapHeader,
  pcapRecord,
  shb,
  spb,
  tsresol,
} from './capture-bytes.ts';

/** A small classic file: header + 3 records. */
const CLASSIC_PARTS: readonly Bytes[] = [
  pcapHeader({ order: 'be', magic: MAGIC_NANOSECONDS, network: 101 }),
  pcapRecord({ order: 'be', seconds: 100, fraction: 1, data: payload(5, 1) }),
  pcapRecord({ order: 'be', seconds: 101, fraction: 2, data: payload(0) }),
  pcapRecord({ order: 'be', seconds: 102, fraction: 3, data: payload(7, 3) }),
];

/** A small pcapng file: SHB, IDB, 3 packet blocks. */
const PCAPNG_PARTS: readonly Bytes[] = [
  shb('le'),
  idb('le', 1, 0, [tsresol('le', 9)]),
  epb('le', { timestamp: 1_700_000_000_123_456_789n, data: payload(5, 1) }),
  spb('le', payload(3, 2)),
  epb('le', { timestamp: 1_700_000_001_000_000_000n, data: payload(9, 3) }),
];

const SAMPLES = { classic: CLASSIC_PARTS, pcapng: PCAPNG_PARTS };

describe('CaptureStreamParser', () => {
  for (const [name, parts] of Object.entries(SAMPLES)) {
    const bytes = concat(...parts);
    const offsets = offsetsOf(parts);
    /** Stream offsets where a unit ends (the header's end is the first). */
    const boundaries = offsets.slice(1).concat(bytes.length);
    const headerUnits = name === 'classic' ? 1 : 2;

    it(`${name}: gives identical frames whatever the chunk size`, () => {
      const whole = parseCapture(bytes);
      expect(whole.error).toBeUndefined();
      expect(whole.frames).toHaveLength(3);
      for (const chunkSize of [1, 2, 3, 5, 7, 13, 64]) {
        const chunked = parseCapture(bytes, chunkSize);
        expect(chunked.error, `chunk ${chunkSize}`).toBeUndefined();
        expect(chunked.frames, `chunk ${chunkSize}`).toEqual(whole.frames);
      }
    });

    it(`${name}: a cut at every byte delivers the frames before it, then end() reports the truncation`, () => {
      for (let cut = 0; cut <= bytes.length; cut++) {
        const { frames, error } = parseCapture(bytes.subarray(0, cut));
        const complete = boundaries.filter((end) => end <= cut).length;
        expect(frames, `cut ${cut}`).toHaveLength(Math.max(0, complete - headerUnits));
        if (cut > 0 && boundaries.includes(cut)) {
          expect(error, `cut ${cut}`).toBeUndefined();
          continue;
        }
        expect(error, `cut ${cut}`).toBeInstanceOf(CaptureFormatError);
        const unitStart = cut === 0 ? 0 : Math.max(...offsets.filter((start) => start < cut));
        expect((error as CaptureFormatError).offset, `cut ${cut}`).toBe(unitStart);
        if (cut > 0) {
          expect((error as Error).message, `cut ${cut}`).toMatch(
            /^truncated (file header|record|block): \d+ of \d+ bytes at byte offset \d+$/,
          );
        }
      }
    });
  }

  it('names what was cut and how much of it arrived', () => {
    const classic = concat(...CLASSIC_PARTS);
    const inRecord = parseCapture(classic.subarray(0, 24 + 16 + 2));
    expect((inRecord.error as Error).message).toBe('truncated record: 18 of 21 bytes at byte offset 24');
    const inHeader = parseCapture(classic.subarray(0, 10));
    expect((inHeader.error as Error).message).toBe('truncated file header: 10 of 24 bytes at byte offset 0');
    const inMagic = parseCapture(classic.subarray(0, 3));
    expect((inMagic.error as Error).message).toBe('truncated file header: 3 of 4 bytes at byte offset 0');
    const pcapng = concat(...PCAPNG_PARTS);
    const blockStart = offsetsOf(PCAPNG_PARTS)[2]!;
    const inBlock = parseCapture(pcapng.subarray(0, blockStart + 12));
    expect((inBlock.error as Error).message).toBe(
      `truncated block: 12 of 40 bytes at byte offset ${blockStart}`,
    );
  });

  it('reports empty input from end()', () => {
    const parser = new CaptureStreamParser(() => {});
    parser.push(new Uint8Array(0));
    expect(() => parser.end()).toThrow(
      new CaptureFormatError('no pcap or pcapng header: the input is empty', 0),
    );
    expect(parser.format).toBeUndefined();
    expect(parser.interfaces).toEqual([]);
  });

  it('rethrows the first error on later calls, and refuses input after end()', () => {
    const parser = new CaptureStreamParser(() => {});
    expect(() => parser.push(new Uint8Array([1, 2, 3, 4]))).toThrow(CaptureFormatError);
    expect(() => parser.push(concat(...CLASSIC_PARTS))).toThrow(/not a pcap or pcapng file/);
    expect(() => parser.end()).toThrow(/not a pcap or pcapng file/);

    const ended = new CaptureStreamParser(() => {});
    ended.push(concat(...CLASSIC_PARTS));
    ended.end();
    expect(() => ended.push(new Uint8Array(1))).toThrow(/already ended/);
  });

  it('reuses one Frame object and one DataView over its own buffer', () => {
    const seen = new Set<Frame>();
    const views = new Set<DataView>();
    const parser = new CaptureStreamParser((frame) => {
      seen.add(frame);
      views.add(frame.view);
      expect(frame.view.buffer).toBe(frame.data.buffer);
      expect(frame.view.byteOffset).toBe(frame.data.byteOffset);
      expect(frame.view.getUint8(frame.start)).toBe(frame.data[frame.start]);
    });
    parser.push(concat(...PCAPNG_PARTS));
    const packets = concat(...PCAPNG_PARTS.slice(2));
    for (let i = 0; i < 100; i++) parser.push(packets);
    parser.end();
    expect(parser.frames).toBe(303);
    expect(seen.size).toBe(1);
    expect(views.size).toBe(1);
  });

  it('keeps stream offsets right across buffer compaction and growth', () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      pcapRecord({ seconds: i, fraction: 0, data: payload(100 + (i % 50), i) }),
    );
    const big = pcapRecord({ seconds: 9999, fraction: 0, data: payload(700_000, 5) });
    const parts = [pcapHeader({ snapLength: 1_000_000 }), ...records, big, ...records.slice(0, 10)];
    const bytes = concat(...parts);
    const expectedOffsets = offsetsOf(parts).slice(1);
    for (const chunkSize of [997, 65_536, bytes.length]) {
      const offsets: number[] = [];
      let bigOk = false;
      const parser = new CaptureStreamParser((frame) => {
        offsets.push(frame.fileOffset);
        if (frame.tsSec === 9999) {
          const data = frame.data.subarray(frame.start, frame.start + frame.capturedLength);
          bigOk = data.length === 700_000 && data.every((value, i) => value === ((i + 5) & 0xff));
        }
      });
      for (let at = 0; at < bytes.length; at += chunkSize) parser.push(bytes.subarray(at, at + chunkSize));
      parser.end();
      expect(offsets, `chunk ${chunkSize}`).toEqual(expectedOffsets);
      expect(bigOk, `chunk ${chunkSize}`).toBe(true);
    }
  });

  it('only ever throws CaptureFormatError on corrupted input', () => {
    let state = 12_345;
    const random = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    for (const parts of Object.values(SAMPLES)) {
      const original = concat(...parts);
      for (let round = 0; round < 2000; round++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(random() * 4);
        for (let i = 0; i < flips; i++)
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        const cut = random() < 0.3 ? Math.floor(random() * bytes.length) : bytes.length;
        const { error } = parseCapture(bytes.subarray(0, cut), 1 + Math.floor(random() * 16));
        if (error !== undefined) expect(error).toBeInstanceOf(CaptureFormatError);
      }
    }
  });
});
