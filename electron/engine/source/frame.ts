/**
 * One captured frame as a source hands it to the engine.
 *
 * Sources reuse a single `Frame` object for every record they emit: a consumer reads what it needs
 * during the callback and never keeps a reference to the object or to `data` afterwards.
 */
export interface Frame {
  /** Capture timestamp, whole seconds since the Unix epoch (from the capture record, never the wall clock). */
  tsSec: number;
  /** Capture timestamp, nanoseconds within `tsSec` (0..999 999 999). */
  tsNsec: number;
  /** Link-layer header type of this frame (LINKTYPE_* value from the pcap/pcapng file). */
  linkType: number;
  /** Buffer that holds the frame's bytes at `start .. start + capturedLength`. */
  data: Uint8Array;
  /** A DataView over the whole of `data.buffer` (same byte offset as `data`), for multi-byte reads. */
  view: DataView;
  /** Offset of the first byte of the frame in `data` (and in `view`). */
  start: number;
  /** Number of bytes captured (may be less than `originalLength` when the snap length cut the frame). */
  capturedLength: number;
  /** Length of the frame on the wire, in bytes. */
  originalLength: number;
  /** Byte offset of the frame's record in the capture file or stream (for error messages). */
  fileOffset: number;
  /** Interface index the frame was captured on (pcapng IDB index; 0 for classic pcap). */
  interfaceId: number;
}

/** Called once per frame; must not keep the frame object or its buffer. */
export type FrameSink = (frame: Frame) => void;

/** A damaged or unreadable capture: what went wrong and where. */
export class CaptureFormatError extends Error {
  /** Byte offset in the file or stream where the problem was found. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte offset ${offset}`);
    this.name = 'CaptureFormatError';
    this.offset = offset;
  }
}

/** Creates an empty frame object for a source to fill and reuse. */
export function newFrame(): Frame {
  const empty = new Uint8Array(0);
  return {
    tsSec: 0,
    tsNsec: 0,
    linkType: 0,
    data: empty,
    view: new DataView(empty.buffer),
    start: 0,
    capturedLength: 0,
    originalLength: 0,
    fileOffset: 0,
    interfaceId: 0,
  };
}
