/** File mode: the whole scenario written to a pcap file as fast as the disk takes it. */

import { PcapWriter, timestampOf } from '../sink/pcap-writer.ts';
import { type GroundTruth, PacketSource } from './packet-source.ts';
import type { GenerateOptions } from './scenario.ts';

/** Options of the file run (besides the scenario). */
export interface WriteCaptureOptions {
  /** Stops between datagrams; the part file is removed and the promise rejects with the reason. */
  signal?: AbortSignal;
  /** Bytes per chunk handed to the file stream. */
  chunkBytes?: number;
}

/**
 * Generates the scenario into `path` (via `path.part`, renamed when complete) and resolves to the
 * ground truth. Options are validated first (RangeError). The capture point is the middle of the
 * path (see packet-source.ts).
 */
export async function writeCapture(
  path: string,
  options: Partial<GenerateOptions>,
  run: WriteCaptureOptions = {},
): Promise<GroundTruth & { options: GenerateOptions }> {
  const source = new PacketSource(options);
  const writer = await PcapWriter.create(
    path,
    run.chunkBytes === undefined ? {} : { chunkBytes: run.chunkBytes },
  );
  try {
    const startTimeSec = source.options.startTimeSec;
    for (let item = source.next(); item !== null; item = source.next()) {
      const time = timestampOf(startTimeSec, item.offsetSec);
      if (!writer.writeUdp(time, item.src, item.dst, item.payload)) {
        run.signal?.throwIfAborted();
        await writer.drain();
      }
    }
    run.signal?.throwIfAborted();
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { ...source.groundTruth(), options: source.options };
}
