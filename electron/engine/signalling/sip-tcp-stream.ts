/**
 * SIP over TCP (RFC 3261 section 18.3): frames messages out of each connection direction's byte
 * stream by Content-Length. Kept simple and bounded rather than complete: bytes already consumed
 * (retransmissions, overlaps) are ignored by sequence number, a gap (a lost or reordered segment)
 * throws away what was buffered, and anything that is not a SIP message is skipped line by line
 * until a line starts one.
 *
 * Memory: at most maxConnections connections of at most maxBufferBytes each (256 MiB in the worst
 * case with the defaults; a connection holds a buffer only while a message is incomplete).
 */

import {
  classifyStartLine,
  parseSipMessage,
  type SipMessage,
  START_LINE_NO,
  START_LINE_PARTIAL,
  sipStreamMessageLength,
} from './sip-message.ts';

/** Bounds of a SipTcpReassembler; every field has a default (DEFAULT_SIP_TCP_OPTIONS). */
export interface SipTcpOptions {
  /** Most bytes buffered for one connection direction; an incomplete message beyond it is dropped. */
  maxBufferBytes: number;
  /** Most connection directions tracked; one more evicts the least recently used. */
  maxConnections: number;
  /** Seconds of capture time without a segment after which a connection is forgotten. */
  idleTimeoutSec: number;
}

export const DEFAULT_SIP_TCP_OPTIONS: Readonly<SipTcpOptions> = {
  maxBufferBytes: 256 * 1024,
  maxConnections: 1024,
  idleTimeoutSec: 300,
};

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const LF = 0x0a;
/** Smallest buffer allocated for a connection. */
const MIN_BUFFER_BYTES = 4096;
const EMPTY = new Uint8Array(0);

interface Connection {
  /** Sequence number (uint32) of the next stream byte not yet seen. */
  nextSeq: number;
  /** Buffered bytes are buffer[0 .. length): the start of an incomplete message (or start line). */
  buffer: Uint8Array;
  length: number;
  /** Capture time of the last segment, seconds. */
  lastSeenSec: number;
  /** Whether a SIP message was framed on this connection (only then is it kept while its buffer is empty). */
  sawSip: boolean;
  /** Buffered length the incomplete message needs before framing is tried again (0: try at once). */
  retryAt: number;
  /** The incomplete message's header section is unfinished: try again only once a line feed arrives. */
  retryOnLineFeed: boolean;
}

/**
 * Reassembles SIP messages from TCP segments, per connection direction. The caller names each
 * direction with a string key (for example `${src endpoint}>${dst endpoint}`). Never throws.
 */
export class SipTcpReassembler {
  readonly options: Readonly<SipTcpOptions>;
  /** Incomplete messages dropped because they outgrew maxBufferBytes. */
  overflowCount = 0;
  /** Connections evicted to make room (maxConnections). */
  evictedCount = 0;
  /** Connections forgotten after idleTimeoutSec. */
  expiredCount = 0;
  /** Buffers thrown away because a segment arrived after a gap in the sequence numbers. */
  gapCount = 0;
  /** Bytes skipped while looking for a SIP start line (garbage, keep-alive CRLFs, dropped messages). */
  skippedBytes = 0;
  /** Start lines whose message failed to parse for another reason than being incomplete. */
  failedCount = 0;
  private readonly connections = new Map<string, Connection>();

  constructor(options: Partial<SipTcpOptions> = {}) {
    this.options = { ...DEFAULT_SIP_TCP_OPTIONS, ...options };
  }

  /** Number of connection directions tracked. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Bytes buffered over every connection (walks them all: for tests and diagnostics). */
  get bufferedBytes(): number {
    let total = 0;
    for (const connection of this.connections.values()) total += connection.length;
    return total;
  }

  /** Whether a connection direction is tracked. */
  has(key: string): boolean {
    return this.connections.has(key);
  }

  /**
   * Takes one TCP segment of the connection direction `key`: `seq` is the sequence number of its
   * first payload byte (of the SYN when `flags` has SYN), `flags` the TCP flags byte, the payload is
   * bytes[offset .. offset + length), `timeSec` the capture time. Returns every message completed.
   * FIN ends the connection after its data; RST ends it at once (its data ignored).
   */
  push(
    key: string,
    seq: number,
    flags: number,
    bytes: Uint8Array,
    offset: number,
    length: number,
    timeSec: number,
  ): SipMessage[] {
    const out: SipMessage[] = [];
    const validRange =
      Number.isInteger(offset) &&
      Number.isInteger(length) &&
      offset >= 0 &&
      length >= 0 &&
      offset <= bytes.length;
    const start = validRange ? offset : 0;
    const end = validRange ? start + Math.min(length, bytes.length - start) : 0;
    const time = Number.isFinite(timeSec) ? timeSec : null;
    if (time !== null) this.expire(time);

    if ((flags & TCP_RST) !== 0) {
      this.connections.delete(key);
      return out;
    }
    const seqNumber = (Number.isFinite(seq) ? seq : 0) >>> 0;
    const dataSeq = (flags & TCP_SYN) !== 0 ? (seqNumber + 1) >>> 0 : seqNumber;
    let connection = this.connections.get(key);
    if (connection === undefined) {
      // Nothing to remember about a connection before it carries data.
      if (start >= end) return out;
      connection = {
        nextSeq: dataSeq,
        buffer: EMPTY,
        length: 0,
        lastSeenSec: time ?? 0,
        sawSip: false,
        retryAt: 0,
        retryOnLineFeed: false,
      };
    } else {
      this.connections.delete(key); // re-inserted at the most recently used end below
      if ((flags & TCP_SYN) !== 0) {
        // A new connection on the same ports: start over.
        connection.nextSeq = dataSeq;
        connection.sawSip = false;
        this.release(connection);
      }
    }
    if (time !== null) connection.lastSeenSec = time;

    let from = start;
    if (from < end) {
      const delta = (dataSeq - connection.nextSeq) | 0;
      if (delta < 0) {
        from += Math.min(-delta, end - from); // already seen: retransmission or overlap
      } else if (delta > 0) {
        // A gap: the buffered bytes can no longer be completed.
        if (connection.length > 0) {
          this.skippedBytes += connection.length;
          this.gapCount++;
        }
        this.release(connection);
      }
      if (from < end) connection.nextSeq = (dataSeq + (end - start)) >>> 0;
      this.consume(connection, bytes, from, end, out);
    }

    if ((flags & TCP_FIN) !== 0) return out; // the connection direction is over
    if (connection.length === 0 && !connection.sawSip) return out; // not (yet) SIP: nothing to keep
    this.connections.set(key, connection);
    while (this.connections.size > this.options.maxConnections) {
      const oldest = this.connections.keys().next();
      if (oldest.done === true) break;
      this.connections.delete(oldest.value);
      this.evictedCount++;
    }
    return out;
  }

  /**
   * Forgets connections idle for more than idleTimeoutSec before `timeSec`. Connections are kept in
   * the order they were last used, so this stops at the first one still active (with capture times
   * out of order that is approximate; maxConnections still bounds the total).
   */
  expire(timeSec: number): void {
    if (!Number.isFinite(timeSec)) return;
    for (const [key, connection] of this.connections) {
      if (timeSec - connection.lastSeenSec <= this.options.idleTimeoutSec) break;
      this.connections.delete(key);
      this.expiredCount++;
    }
  }

  /** Forgets one connection direction. */
  end(key: string): void {
    this.connections.delete(key);
  }

  /** Forgets every connection. */
  clear(): void {
    this.connections.clear();
  }

  /** Adds bytes[from .. end) to the connection's stream and frames what it can. */
  private consume(
    connection: Connection,
    bytes: Uint8Array,
    from: number,
    end: number,
    out: SipMessage[],
  ): void {
    const max = this.options.maxBufferBytes;
    let at = from;
    while (at < end) {
      if (connection.length === 0) {
        // Nothing buffered: frame straight out of the segment, keep only an incomplete tail.
        at = this.frame(connection, bytes, at, end, out);
        const tail = end - at;
        if (tail === 0) return;
        if (tail <= max) {
          this.ensureCapacity(connection, tail);
          connection.buffer.set(bytes.subarray(at, end), 0);
          connection.length = tail;
          return;
        }
        // The incomplete message alone is larger than the buffer: drop it, resync after its start line.
        this.overflowCount++;
        const lineEnd = bytes.subarray(at, end).indexOf(LF);
        const skip = lineEnd < 0 ? tail : lineEnd + 1;
        this.skippedBytes += skip;
        at += skip;
        continue;
      }
      const count = Math.min(max - connection.length, end - at);
      const chunk = bytes.subarray(at, at + count);
      // Re-framing costs up to the buffered header section: do it only when it can succeed.
      const lineFeedArrived = connection.retryOnLineFeed && chunk.indexOf(LF) >= 0;
      this.ensureCapacity(connection, connection.length + count);
      connection.buffer.set(chunk, connection.length);
      connection.length += count;
      at += count;
      if (connection.length >= connection.retryAt && (!connection.retryOnLineFeed || lineFeedArrived)) {
        const used = this.frame(connection, connection.buffer, 0, connection.length, out);
        if (used > 0) {
          connection.buffer.copyWithin(0, used, connection.length);
          connection.length -= used;
        }
      }
      if (connection.length >= max) {
        // Full and still incomplete: drop it; what follows is searched for the next start line.
        this.overflowCount++;
        this.skippedBytes += connection.length;
        connection.length = 0;
      }
      if (connection.length === 0) this.release(connection);
    }
  }

  /**
   * Frames messages out of data[from .. to): skips lines that do not start a SIP message, stops at
   * an incomplete one. Returns the index of the first byte not consumed.
   */
  private frame(
    connection: Connection,
    data: Uint8Array,
    from: number,
    to: number,
    out: SipMessage[],
  ): number {
    const view = data.subarray(from, to);
    const n = view.length;
    let pos = 0;
    connection.retryAt = 0;
    connection.retryOnLineFeed = false;
    while (pos < n) {
      const start = classifyStartLine(view, pos, n);
      if (start === START_LINE_PARTIAL) break;
      if (start !== START_LINE_NO) {
        const result = parseSipMessage(view, pos, n - pos, { transport: 'stream' });
        if (typeof result !== 'string') {
          out.push(result);
          connection.sawSip = true;
          pos += result.totalBytes;
          continue;
        }
        if (result === 'sip-truncated') {
          // Wait for the whole message (known once its header section is complete) or a line feed,
          // unless it can never fit in the buffer: then drop it now.
          const needed = sipStreamMessageLength(view, pos, n - pos);
          if (typeof needed !== 'number' || needed <= this.options.maxBufferBytes) {
            if (typeof needed === 'number' && needed > 0) connection.retryAt = needed;
            else connection.retryOnLineFeed = needed === -1;
            break;
          }
          this.overflowCount++;
        } else {
          this.failedCount++;
        }
      }
      // Not the start of a message (or a broken one): skip to the next line.
      const lineEnd = view.indexOf(LF, pos);
      const next = lineEnd < 0 ? n : lineEnd + 1;
      this.skippedBytes += next - pos;
      pos = next;
    }
    return from + pos;
  }

  private ensureCapacity(connection: Connection, needed: number): void {
    if (connection.buffer.length >= needed) return;
    const size = Math.min(
      this.options.maxBufferBytes,
      Math.max(needed, MIN_BUFFER_BYTES, connection.buffer.length * 2),
    );
    const grown = new Uint8Array(Math.max(size, needed));
    grown.set(connection.buffer.subarray(0, connection.length), 0);
    connection.buffer = grown;
  }

  private release(connection: Connection): void {
    connection.length = 0;
    connection.buffer = EMPTY;
    connection.retryAt = 0;
    connection.retryOnLineFeed = false;
  }
}
