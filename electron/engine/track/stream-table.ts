/**
 * A hash table of RTP streams keyed by (IP version, source, destination, ports, SSRC), looked up with
 * the reused PacketInfo of the current frame, so finding a stream allocates nothing.
 */

import type { PacketInfo } from '../decode/packet-info.ts';

/** The identity of one stream direction. */
export interface StreamKey {
  readonly ipVersion: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly ssrc: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME) >>> 0;
}

function addressLength(ipVersion: number): number {
  return ipVersion === 6 ? 16 : 4;
}

/** 32-bit hash of a stream identity given as a packet's addresses and ports plus an SSRC. */
export function hashFlow(info: PacketInfo, ssrc: number): number {
  let hash = mix(FNV_OFFSET, info.ipVersion);
  const n = addressLength(info.ipVersion);
  for (let i = 0; i < n; i++) hash = mix(hash, info.src[i]!);
  for (let i = 0; i < n; i++) hash = mix(hash, info.dst[i]!);
  hash = mix(hash, info.srcPort);
  hash = mix(hash, info.dstPort);
  return mix(hash, ssrc);
}

function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `key` is the stream of the packet described by `info` with SSRC `ssrc`. */
export function keyMatches(key: StreamKey, info: PacketInfo, ssrc: number): boolean {
  const n = addressLength(info.ipVersion);
  return (
    key.ssrc === ssrc &&
    key.srcPort === info.srcPort &&
    key.dstPort === info.dstPort &&
    key.ipVersion === info.ipVersion &&
    sameBytes(key.src, info.src, n) &&
    sameBytes(key.dst, info.dst, n)
  );
}

/** Copies the identity of the packet's stream out of the reused PacketInfo. */
export function copyKey(info: PacketInfo, ssrc: number): StreamKey {
  const n = addressLength(info.ipVersion);
  return {
    ipVersion: info.ipVersion,
    src: info.src.slice(0, n),
    dst: info.dst.slice(0, n),
    srcPort: info.srcPort,
    dstPort: info.dstPort,
    ssrc,
  };
}

export class StreamTable<T extends { readonly key: StreamKey }> {
  readonly #buckets = new Map<number, T[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The entry for the packet's stream with SSRC `ssrc`, or undefined. */
  find(info: PacketInfo, ssrc: number, hash = hashFlow(info, ssrc)): T | undefined {
    const bucket = this.#buckets.get(hash);
    if (bucket === undefined) return undefined;
    for (const entry of bucket) if (keyMatches(entry.key, info, ssrc)) return entry;
    return undefined;
  }

  /** Adds an entry under the hash of its packet (the caller checked it is not there yet). */
  insert(hash: number, entry: T): void {
    const bucket = this.#buckets.get(hash);
    if (bucket === undefined) this.#buckets.set(hash, [entry]);
    else bucket.push(entry);
    this.#size++;
  }

  /** Removes an entry (by identity). */
  remove(hash: number, entry: T): void {
    const bucket = this.#buckets.get(hash);
    if (bucket === undefined) return;
    const at = bucket.indexOf(entry);
    if (at < 0) return;
    bucket.splice(at, 1);
    if (bucket.length === 0) this.#buckets.delete(hash);
    this.#size--;
  }

  /** Every entry, in no particular order. */
  *values(): IterableIterator<T> {
    for (const bucket of this.#buckets.values()) yield* bucket;
  }
}
