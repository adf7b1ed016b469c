import { describe, expect, it } from 'vitest';
import { CaptureFormatError } from '../../../electron/engine/source/frame.ts';
import type { InterfaceStatistics } from '../../../electron/engine/source/interface-statistics.ts';
import { CaptureStreamParser } from '../../../electron/engine/source/pcap-parser.ts';
import {
  type ByteOrder,
  type Bytes,
  block,
  concat,
  endOfOptions,
  epb,
  ISB_TYPE,
  idb,
  offsetsOf,
  option,
  parseCapture,
  payload,
  shb,
  tsoffset,
  tsresol,
  u16,
  u32,
  u64,
} from './capture-bytes.ts';

const ORDERS: ByteOrder[] = ['le', 'be'];
const ETHERNET = 1;
const ISB_STARTTIME = 2;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_FILTERACCEPT = 6;
const ISB_OSDROP = 7;
const ISB_USRDELIV = 8;

/** A 64-bit counter option. */
const counter = (order: ByteOrder, code: number, value: bigint): Uint8Array =>
  option(order, code, u64(value, order));

/** Interface Statistics Block: interface id, timestamp (interface units), options + opt_endofopt. */
function isb(order: ByteOrder, interfaceId: number, timestamp: bigint, options: Bytes[] = []): Uint8Array {
  return block(
    order,
    ISB_TYPE,
    concat(
      u32(interfaceId, order), // interface id
      u32(Number(timestamp >> 32n), order), // timestamp, high 32 bits
      u32(Number(timestamp & 0xffff_ffffn), order), // timestamp, low 32 bits
      ...options,
      options.length > 0 ? endOfOptions(order) : [],
    ),
  );
}

type Event = { frame: number } | { stats: InterfaceStatistics };

/** Parses in chunks of `chunkSize`, recording frames (by first payload byte) and statistics in order. */
function parseEvents(bytes: Uint8Array, chunkSize = bytes.length) {
  const events: Event[] = [];
  const parser = new CaptureStreamParser(
    (frame) => events.push({ frame: frame.data[frame.start] ?? -1 }),
    (stats) => events.push({ stats }),
  );
  let error: unknown;
  try {
    for (let at = 0; at < bytes.length; at += chunkSize) parser.push(bytes.subarray(at, at + chunkSize));
    parser.end();
  } catch (caught) {
    error = caught;
  }
  return { events, error };
}

function expectFormatError(error: unknown, offset: number, message: RegExp): void {
  expect(error).toBeInstanceOf(CaptureFormatError);
  expect((error as CaptureFormatError).offset).toBe(offset);
  expect((error as CaptureFormatError).message).toMatch(message);
}

describe('pcapng interface statistics blocks', () => {
  for (const order of ORDERS) {
    it(`reports every ISB's counters and timestamp, between the frames (${order})`, () => {
      const bytes = concat(
        shb(order),
        idb(order, ETHERNET, 262_144, [tsresol(order, 9)]),
        isb(order, 0, 1_700_000_000_000_000_001n, [
          counter(order, ISB_IFRECV, 0n),
          counter(order, ISB_IFDROP, 0n),
          counter(order, ISB_OSDROP, 0n),
          counter(order, ISB_USRDELIV, 0n),
        ]),
        epb(order, { timestamp: 1_700_000_000_500_000_000n, data: [1, 2, 3] }),
        epb(order, { timestamp: 1_700_000_000_600_000_000n, data: [2] }),
        isb(order, 0, 1_700_000_001_000_000_123n, [
          counter(order, ISB_STARTTIME, 5n), // not a counter: ignored
          counter(order, ISB_IFRECV, 205n),
          counter(order, ISB_IFDROP, 1n),
          counter(order, ISB_FILTERACCEPT, 9n), // not reported
          counter(order, ISB_OSDROP, 3n),
          counter(order, ISB_USRDELIV, 2n),
        ]),
      );
      for (const chunkSize of [bytes.length, 7, 1]) {
        const { events, error } = parseEvents(bytes, chunkSize);
        expect(error).toBeUndefined();
        expect(events).toEqual([
          {
            stats: {
              interfaceId: 0,
              tsSec: 1_700_000_000,
              tsNsec: 1,
              received: 0,
              interfaceDropped: 0,
              osDropped: 0,
              delivered: 0,
            },
          },
          { frame: 1 },
          { frame: 2 },
          {
            stats: {
              interfaceId: 0,
              tsSec: 1_700_000_001,
              tsNsec: 123,
              received: 205,
              interfaceDropped: 1,
              osDropped: 3,
              delivered: 2,
            },
          },
        ]);
      }
    });

    it(`gives null for absent counters and reads 64-bit values exactly up to 2^53 (${order})`, () => {
      const bytes = concat(
        shb(order),
        idb(order, ETHERNET, 0), // default µs
        idb(order, ETHERNET, 0, [tsresol(order, 3), tsoffset(order, 100n)]), // ms, +100 s
        isb(order, 0, 2_000_000n), // no options at all
        isb(order, 1, 1_500n, [
          counter(order, ISB_IFRECV, 2n ** 40n + 5n),
          counter(order, ISB_OSDROP, 2n ** 53n - 1n),
        ]),
      );
      const { events, error } = parseEvents(bytes);
      expect(error).toBeUndefined();
      expect(events).toEqual([
        {
          stats: {
            interfaceId: 0,
            tsSec: 2,
            tsNsec: 0,
            received: null,
            interfaceDropped: null,
            osDropped: null,
            delivered: null,
          },
        },
        {
          stats: {
            interfaceId: 1,
            tsSec: 101,
            tsNsec: 500_000_000,
            received: 2 ** 40 + 5,
            interfaceDropped: null,
            osDropped: Number.MAX_SAFE_INTEGER,
            delivered: null,
          },
        },
      ]);
    });
  }

  it("uses the interfaces of the ISB's own section", () => {
    const bytes = concat(
      shb('le'),
      idb('le', ETHERNET, 0),
      shb('be'),
      idb('be', ETHERNET, 0, [tsresol('be', 9)]),
      isb('be', 0, 3_000_000_007n, [counter('be', ISB_USRDELIV, 4n)]),
    );
    const { events, error } = parseEvents(bytes);
    expect(error).toBeUndefined();
    expect(events).toEqual([
      {
        stats: {
          interfaceId: 0,
          tsSec: 3,
          tsNsec: 7,
          received: null,
          interfaceDropped: null,
          osDropped: null,
          delivered: 4,
        },
      },
    ]);
  });

  it('skips ISBs unread when no statistics callback is given, as before', () => {
    const parts = [
      shb('le'),
      idb('le', ETHERNET, 0),
      isb('le', 7, 0n), // names an interface that does not exist
      block('le', ISB_TYPE, u32(0, 'le')), // too short to be an ISB
      epb('le', { data: payload(4) }),
    ];
    const { frames, error } = parseCapture(concat(...parts));
    expect(error).toBeUndefined();
    expect(frames.map((f) => f.fileOffset)).toEqual([offsetsOf(parts)[4]]);
  });

  describe('rejects damaged ISBs when statistics are read', () => {
    const head = [shb('le'), idb('le', ETHERNET, 0)];
    const at = concat(...head).length;

    it('an ISB for an interface that is not described', () => {
      const { error } = parseEvents(concat(...head, isb('le', 1, 0n)));
      expectFormatError(
        error,
        at,
        /^interface statistics block refers to interface 1, but only 1 interface\(s\) are described/,
      );
    });

    it('an ISB too short for its fixed fields', () => {
      const { error } = parseEvents(
        concat(...head, block('le', ISB_TYPE, concat(u32(0, 'le'), u32(0, 'le')))),
      );
      expectFormatError(error, at, /^interface statistics block of 20 bytes is shorter than 24/);
    });

    it('a counter that is not 8 bytes long', () => {
      const { error } = parseEvents(
        concat(...head, isb('le', 0, 0n, [option('le', ISB_OSDROP, u32(3, 'le'))])),
      );
      expectFormatError(error, at, /^isb_osdrop option of 4 bytes \(expected 8\)/);
    });

    it('an option that overruns the block', () => {
      const overrun = concat(u16(ISB_IFRECV, 'le'), u16(64, 'le'), u64(1n, 'le'));
      const { error } = parseEvents(concat(...head, isb('le', 0, 0n, [overrun])));
      expectFormatError(error, at, /^statistics option 4 of 64 bytes overruns its block/);
    });
  });
});

describe('pcapng interface statistics blocks, corrupted', () => {
  it('only ever throws CaptureFormatError when statistics are read from damaged input', () => {
    let state = 54_321;
    const random = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 2 ** 32;
    };
    for (const order of ORDERS) {
      const original = concat(
        shb(order),
        idb(order, ETHERNET, 0, [tsresol(order, 9)]),
        epb(order, { timestamp: 5n, data: payload(9) }),
        isb(order, 0, 10n, [counter(order, ISB_IFRECV, 1n), counter(order, ISB_USRDELIV, 1n)]),
      );
      for (let round = 0; round < 2000; round++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(random() * 4);
        for (let i = 0; i < flips; i++)
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        const { error } = parseEvents(bytes, 1 + Math.floor(random() * 16));
        if (error !== undefined) expect(error).toBeInstanceOf(CaptureFormatError);
      }
    }
  });
});
