import type { DecodeStatus, IpResult } from './decode-status.ts';
import type { PacketInfo } from './packet-info.ts';

/** Bounds of an IpReassembler; every field has a default (DEFAULT_REASSEMBLER_OPTIONS). */
export interface IpReassemblerOptions {
  /** Largest reassembled IP payload, in bytes: a fragment ending beyond it drops the datagram. */
  maxDatagramBytes: number;
  /** Most datagrams under reassembly at once; adding one more evicts the oldest. */
  maxPendingDatagrams: number;
  /** Seconds of capture time after its first fragment before an incomplete datagram is discarded. */
  timeoutSec: number;
  /** Most fragments accepted for one datagram (duplicates included) before it is dropped. */
  maxFragmentsPerDatagram: number;
}

export const DEFAULT_REASSEMBLER_OPTIONS: Readonly<IpReassemblerOptions> = {
  maxDatagramBytes: 65_535,
  maxPendingDatagrams: 256,
  timeoutSec: 30,
  maxFragmentsPerDatagram: 256,
};

/** Non-last fragments must carry a multiple of this many bytes (offsets count 8-byte units). */
const FRAGMENT_UNIT = 8;

interface PendingDatagram {
  /** Capture time of the first fragment, seconds. */
  firstSeenSec: number;
  /** Payload length known from the last fragment (MF = 0), or -1 until it arrives. */
  totalLength: number;
  /** Fragment bytes at their datagram offsets; grows up to maxDatagramBytes. */
  buffer: Uint8Array;
  /** Received byte ranges, sorted, merged, flat: [start0, end0, start1, end1, ...]. */
  ranges: number[];
  fragmentCount: number;
}

/**
 * Reassembles IPv4 fragments (RFC 791 section 3.2) and IPv6 fragment-header fragments (RFC 8200
 * section 4.5), keyed by (IP version, source, destination, protocol, identification). Fragments
 * are rare (signalling), so this path copies and allocates; the per-packet path never calls it.
 *
 * Memory is bounded by maxPendingDatagrams * maxDatagramBytes (16 MiB with the defaults).
 * Overlaps are accepted only when the overlapping bytes are identical (duplicates, retransmits);
 * conflicting overlaps drop the datagram (RFC 5722 for IPv6; the same policy for IPv4).
 */
export class IpReassembler {
  readonly options: Readonly<IpReassemblerOptions>;
  /** Datagrams discarded because their timeout passed. */
  expiredCount = 0;
  /** Datagrams evicted to make room (maxPendingDatagrams). */
  evictedCount = 0;
  /** Datagrams dropped for conflicting overlaps or invalid fragments. */
  droppedCount = 0;
  private readonly pending = new Map<string, PendingDatagram>();

  constructor(options: Partial<IpReassemblerOptions> = {}) {
    this.options = { ...DEFAULT_REASSEMBLER_OPTIONS, ...options };
  }

  /** Number of datagrams waiting for more fragments. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Discards datagrams whose first fragment is more than timeoutSec older than `timeSec`. */
  expire(timeSec: number): void {
    for (const [key, datagram] of this.pending) {
      if (timeSec - datagram.firstSeenSec > this.options.timeoutSec) {
        this.pending.delete(key);
        this.expiredCount++;
      }
    }
  }

  /** Forgets every pending datagram. */
  clear(): void {
    this.pending.clear();
  }

  /**
   * Adds one fragment: `info` holds the IP version and addresses, `ip` the fragment fields and the
   * fragment data's place in `data` (payloadOffset, payloadCaptured bytes, which must be the whole
   * fragment). Returns 'fragment-held' while holes remain, 'fragment-overlap-or-invalid' when the
   * datagram had to be dropped, or 'ok' with the whole reassembled IP payload (transport header
   * first; for IPv6 starting with header type `ip.fragmentNextHeader`) in info.payload /
   * payloadView / payloadOffset (0) / payloadLength, and info.reassembled = true.
   */
  add(info: PacketInfo, ip: IpResult, data: Uint8Array, timeSec: number): DecodeStatus {
    this.expire(timeSec);
    const key = datagramKey(info, ip);
    const start = ip.fragmentOffset;
    const length = ip.payloadCaptured;
    const end = start + length;
    const more = ip.moreFragments;
    if (end > this.options.maxDatagramBytes || (more && (length === 0 || length % FRAGMENT_UNIT !== 0))) {
      return this.drop(key);
    }
    let datagram = this.pending.get(key);
    if (datagram === undefined) {
      if (this.pending.size >= this.options.maxPendingDatagrams) this.evictOldest();
      datagram = {
        firstSeenSec: timeSec,
        totalLength: -1,
        buffer: new Uint8Array(end),
        ranges: [],
        fragmentCount: 0,
      };
      this.pending.set(key, datagram);
    }
    if (++datagram.fragmentCount > this.options.maxFragmentsPerDatagram) return this.drop(key);
    const ranges = datagram.ranges;
    const highest = ranges.length === 0 ? 0 : ranges[ranges.length - 1]!;
    if (!more) {
      if ((datagram.totalLength >= 0 && datagram.totalLength !== end) || highest > end) return this.drop(key);
      datagram.totalLength = end;
    } else if (datagram.totalLength >= 0 && end > datagram.totalLength) {
      return this.drop(key);
    }

    // Overlapping bytes must match what is already there.
    const buffer = datagram.buffer;
    const delta = ip.payloadOffset - start;
    for (let r = 0; r < ranges.length; r += 2) {
      const lo = Math.max(ranges[r]!, start);
      const hi = Math.min(ranges[r + 1]!, end);
      for (let i = lo; i < hi; i++) {
        if (buffer[i] !== data[i + delta]) return this.drop(key);
      }
    }

    if (end > buffer.length) {
      const grown = new Uint8Array(Math.min(this.options.maxDatagramBytes, Math.max(end, buffer.length * 2)));
      grown.set(buffer);
      datagram.buffer = grown;
    }
    datagram.buffer.set(data.subarray(ip.payloadOffset, ip.payloadOffset + length), start);
    datagram.ranges = mergeRange(ranges, start, end);

    const total = datagram.totalLength;
    const merged = datagram.ranges;
    if (total < 0 || merged.length !== 2 || merged[0] !== 0 || merged[1]! < total) return 'fragment-held';

    this.pending.delete(key);
    info.payload = datagram.buffer;
    info.payloadView = new DataView(datagram.buffer.buffer);
    info.payloadOffset = 0;
    info.payloadLength = total;
    info.reassembled = true;
    return 'ok';
  }

  private drop(key: string): DecodeStatus {
    if (this.pending.delete(key)) this.droppedCount++;
    return 'fragment-overlap-or-invalid';
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done !== true) {
      this.pending.delete(oldest.value);
      this.evictedCount++;
    }
  }
}

/** (version, source, destination, protocol, identification) as a string Map key. */
function datagramKey(info: PacketInfo, ip: IpResult): string {
  const addressLength = info.ipVersion === 4 ? 4 : 16;
  let key = `${info.ipVersion}/${ip.fragmentNextHeader}/${ip.fragmentId}/`;
  for (let i = 0; i < addressLength; i++) key += `${info.src[i]},`;
  key += '/';
  for (let i = 0; i < addressLength; i++) key += `${info.dst[i]},`;
  return key;
}

/** Inserts [start, end) into sorted, merged flat ranges, merging overlapping or touching ranges. */
function mergeRange(ranges: readonly number[], start: number, end: number): number[] {
  const result: number[] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (let r = 0; r < ranges.length; r += 2) {
    const a = ranges[r]!;
    const b = ranges[r + 1]!;
    if (b < s) {
      result.push(a, b);
    } else if (a > e) {
      if (!placed) {
        result.push(s, e);
        placed = true;
      }
      result.push(a, b);
    } else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  if (!placed) result.push(s, e);
  return result;
}
