/**
 * Push parser for capture streams: detects classic pcap or pcapng from the first 4 bytes and emits
 * every complete record as soon as its last byte arrives, whatever the chunking of the input.
 */
import type { CaptureInterface } from './capture-interface.ts';
import { CaptureFormatError, type FrameSink, newFrame } from './frame.ts';
import type { StatisticsSink } from './interface-statistics.ts';
import { ClassicPcapReader, classicVariant } from './pcap-classic.ts';
import { PcapngReader } from './pcapng.ts';
import { hex32, SHB_BLOCK_TYPE } from './pcapng-layout.ts';
import { MAX_RECORD_LENGTH, type RecordReader } from './record-reader.ts';

export type { CaptureInterface } from './capture-interface.ts';
export type { InterfaceStatistics, StatisticsSink } from './interface-statistics.ts';

/** The two container formats the parser reads. */
export type CaptureFormat = 'pcap' | 'pcapng';

/** Bytes needed to tell the formats apart. */
const MAGIC_LENGTH = 4;
/** Initial internal buffer size, in bytes; it only grows for a record that does not fit. */
const INITIAL_BUFFER_LENGTH = 256 * 1024;
/** The buffer never grows past the longest record or block allowed plus its header. */
const MAX_BUFFER_LENGTH = MAX_RECORD_LENGTH + 64;
const NO_INTERFACES: readonly CaptureInterface[] = Object.freeze([]);

/**
 * Streaming reader for classic pcap (µs, ns and Kuznetzov variants, either byte order) and pcapng.
 *
 * Bytes are copied into one internal buffer that is compacted as records are consumed and grows only
 * when a single record needs more room. Every record is delivered through the same reused `Frame`,
 * whose `data`/`view` point into that buffer: valid only during the callback.
 */
export class CaptureStreamParser {
  private buffer = new Uint8Array(INITIAL_BUFFER_LENGTH);
  private view = new DataView(this.buffer.buffer);
  /** Start of the unconsumed bytes in `buffer`. */
  private head = 0;
  /** End of the valid bytes in `buffer`. */
  private tail = 0;
  /** Stream offset of `buffer[0]`. */
  private base = 0;
  private reader: RecordReader | undefined;
  private detected: CaptureFormat | undefined;
  private delivered = 0;
  private ended = false;
  private failure: unknown;
  private readonly frame = newFrame();
  private readonly sink: FrameSink;
  private readonly onStatistics: StatisticsSink | undefined;

  /**
   * `onFrame` is called synchronously from `push` for every complete record; `onStatistics`, when
   * given, for every pcapng Interface Statistics Block (classic pcap has none).
   */
  constructor(onFrame: FrameSink, onStatistics?: StatisticsSink) {
    this.sink = (frame) => {
      this.delivered++;
      onFrame(frame);
    };
    this.onStatistics = onStatistics;
  }

  /** 'pcap' or 'pcapng'; undefined until the first 4 bytes were read. */
  get format(): CaptureFormat | undefined {
    return this.detected;
  }

  /** Frames delivered so far. */
  get frames(): number {
    return this.delivered;
  }

  /**
   * Interfaces described so far, in order of appearance (classic pcap: exactly one once the file header
   * was read). For pcapng this spans all sections; `Frame.interfaceId` indexes the frame's own section.
   */
  get interfaces(): readonly CaptureInterface[] {
    return this.reader?.interfaces ?? NO_INTERFACES;
  }

  /**
   * Feeds the next bytes of the stream (any chunk size, even 1 byte; the chunk is copied, so the caller
   * may reuse it). Calls onFrame for every record completed by these bytes.
   * Throws CaptureFormatError on damaged input; after any error the parser only rethrows it.
   */
  push(chunk: Uint8Array): void {
    this.checkUsable();
    try {
      let copied = 0;
      while (copied < chunk.length) {
        if (this.tail === this.buffer.length) this.makeRoom();
        const count = Math.min(chunk.length - copied, this.buffer.length - this.tail);
        this.buffer.set(count === chunk.length ? chunk : chunk.subarray(copied, copied + count), this.tail);
        this.tail += count;
        copied += count;
        this.drain();
      }
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /**
   * Marks the end of the input. Throws CaptureFormatError when no header was seen or the input ended
   * inside a header, record or block ("truncated record: 12 of 60 bytes").
   */
  end(): void {
    this.checkUsable();
    this.ended = true;
    const pending = this.tail - this.head;
    const at = this.base + this.head;
    let error: CaptureFormatError | undefined;
    if (this.reader === undefined) {
      error =
        pending === 0
          ? new CaptureFormatError('no pcap or pcapng header: the input is empty', at)
          : new CaptureFormatError(`truncated file header: ${pending} of ${MAGIC_LENGTH} bytes`, at);
    } else if (pending > 0) {
      const { pendingKind, needed } = this.reader;
      error = new CaptureFormatError(`truncated ${pendingKind}: ${pending} of ${needed} bytes`, at);
    }
    if (error !== undefined) {
      this.failure = error;
      throw error;
    }
  }

  private checkUsable(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) throw new Error('CaptureStreamParser: input already ended');
  }

  /** Handles every complete unit in the buffer. */
  private drain(): void {
    for (;;) {
      const available = this.tail - this.head;
      if (this.reader === undefined) {
        if (available < MAGIC_LENGTH) return;
        this.reader = this.detect();
        continue;
      }
      const used = this.reader.step(this.buffer, this.view, this.head, available, this.base);
      if (used === 0) return;
      this.head += used;
    }
  }

  private detect(): RecordReader {
    const magicLittleEndian = this.view.getUint32(this.head, true);
    const magicBigEndian = this.view.getUint32(this.head, false);
    if (magicLittleEndian === SHB_BLOCK_TYPE) {
      this.detected = 'pcapng';
      return new PcapngReader(this.frame, this.sink, this.onStatistics);
    }
    const variant = classicVariant(magicLittleEndian, magicBigEndian);
    if (variant === undefined) {
      throw new CaptureFormatError(
        `not a pcap or pcapng file (magic ${hex32(magicBigEndian)})`,
        this.base + this.head,
      );
    }
    this.detected = 'pcap';
    return new ClassicPcapReader(variant, this.frame, this.sink);
  }

  /** Called when the buffer is full: drops consumed bytes, and grows if one unit fills it all. */
  private makeRoom(): void {
    const pending = this.tail - this.head;
    if (this.head > 0) {
      this.buffer.copyWithin(0, this.head, this.tail);
      this.base += this.head;
      this.head = 0;
      this.tail = pending;
      return;
    }
    // The pending unit needs more than the whole buffer (drain stops only when needed > available);
    // grow by doubling, never beyond what it needs, so damaged lengths only cost what was actually read.
    const needed = this.reader?.needed ?? MAGIC_LENGTH;
    const length = Math.min(
      Math.max(needed, this.buffer.length + 1),
      this.buffer.length * 2,
      MAX_BUFFER_LENGTH,
    );
    const grown = new Uint8Array(length);
    grown.set(this.buffer.subarray(0, this.tail));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
