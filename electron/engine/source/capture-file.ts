/** Reads a capture file from disk through the stream parser, in fixed-size chunks. */
import { open } from 'node:fs/promises';
import type { CaptureInterface } from './capture-interface.ts';
import { CaptureFormatError, type FrameSink } from './frame.ts';
import { CaptureStreamParser } from './pcap-parser.ts';

/** Default read size, in bytes (4 MiB). */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** What was read from a capture file. */
export interface CaptureFileSummary {
  /** Container format. */
  format: 'pcap' | 'pcapng';
  /** Frames delivered to the sink. */
  frames: number;
  /** Size of the file as read, in bytes. */
  bytesRead: number;
  /** Interfaces described in the file (classic pcap: one). */
  interfaces: readonly CaptureInterface[];
}

/** Options of {@link readCaptureFile}. */
export interface ReadCaptureFileOptions {
  /** Bytes read per `read()` call (default 4 MiB); memory use is about this plus the longest record. */
  chunkSize?: number;
  /** Aborts the read between chunks; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Streams a capture file through the parser in chunks with bounded memory, calling `onFrame` for each
 * frame. Rejects with CaptureFormatError on damage (after delivering every frame before it; an empty
 * file is "empty file" at offset 0) or with the fs error (ENOENT etc.).
 */
export async function readCaptureFile(
  path: string,
  onFrame: FrameSink,
  options: ReadCaptureFileOptions = {},
): Promise<CaptureFileSummary> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  }
  const { signal } = options;
  signal?.throwIfAborted();
  const parser = new CaptureStreamParser(onFrame);
  const buffer = Buffer.allocUnsafe(chunkSize);
  let bytesRead = 0;
  const file = await open(path, 'r');
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead: count } = await file.read(buffer, 0, chunkSize, null);
      if (count === 0) break;
      bytesRead += count;
      parser.push(buffer.subarray(0, count));
    }
  } finally {
    await file.close();
  }
  if (bytesRead === 0) throw new CaptureFormatError('empty file', 0);
  parser.end();
  const format = parser.format;
  // end() succeeded, so a header was read and the format is known.
  if (format === undefined) throw new CaptureFormatError('no pcap or pcapng header', 0);
  return { format, frames: parser.frames, bytesRead, interfaces: parser.interfaces };
}
