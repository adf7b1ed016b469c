import type { CaptureInterface } from './capture-interface.ts';

/** No record or block may be longer than this, in bytes (256 MiB): bounds what damaged input can make us buffer. */
export const MAX_RECORD_LENGTH = 256 * 1024 * 1024;

/**
 * The format-specific half of the stream parser: it reads one unit (file header, record or block) at a
 * time out of the parser's buffer, which owns the bytes and hands them over again on every call.
 */
export interface RecordReader {
  /**
   * Handles the unit that starts at `pos` in `data`, of which `available` bytes are buffered.
   * Returns the unit's length in bytes once it was handled (frames emitted), or 0 when it needs more
   * bytes; `needed` then says how many (always more than `available`).
   * `streamOffset` is the stream offset of `data[0]`, for frame offsets and errors.
   * Throws CaptureFormatError on damaged input.
   */
  step(data: Uint8Array, view: DataView, pos: number, available: number, streamOffset: number): number;
  /** Bytes the pending unit needs, counted from its start; valid after `step` returned 0. */
  readonly needed: number;
  /** What the pending unit is ('file header', 'record', 'block'), for truncation messages. */
  readonly pendingKind: string;
  /** Every interface described so far, in order of appearance. */
  readonly interfaces: readonly CaptureInterface[];
}
