/**
 * Live mode: the scenario sent as real UDP datagrams, paced in real time. The generator plays both
 * endpoints of every call:
 *
 * - Destination on this host (loopback, or an address of a local interface, e.g. a veth inside a
 *   network namespace the generator runs in): the caller's sockets are bound on the source address
 *   (media ports source.port + 2k and + 1, SIP port sipPort + 2), the callee's on the destination
 *   address (destination.port + 2k and + 1, SIP port sipPort). Both directions cross the real path
 *   and each socket counts what it receives, reported per stream as `received`.
 * - Destination elsewhere (only with `allowRemote`): the far host isn't ours, so the callee's side
 *   is played from the source host: its sockets are bound on the source address with the callee's
 *   port numbers and send to the caller's sockets there. Only the caller-to-callee direction crosses
 *   the path under test; the ground truth shows the callee's streams with the source address.
 *
 * Pacing: every datagram's due time comes from the scenario clock measured from the start (so
 * delays never add up); the loop sends everything due, then sleeps until the next due time. The
 * network model runs with a path delay of 0 (the real path adds its own); each datagram is sent at
 * the time the modelled network would deliver it (held-back and jittered packets later, duplicates
 * twice). The run stops by itself after the last call's BYE (or when `signal` aborts).
 *
 * This module reads the clock (it paces real traffic), so it lives outside the engine; the packet source itself never does.
 */

import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointFromText, parseAddress } from '../engine/decode/address.ts';
import { type GroundTruth, PacketSource } from '../engine/generate/packet-source.ts';
import {
  CALLER_SIP_PORT_OFFSET,
  type GenerateOptions,
  resolveGenerateOptions,
  sameAddress,
} from '../engine/generate/scenario.ts';

/** Options of the live run (besides the scenario). */
export interface LiveOptions {
  /** Allow a destination that is not an address of this host (default false). */
  allowRemote?: boolean;
  /** Stops the run early; the result then has `complete: false`. */
  signal?: AbortSignal;
  /** Time to wait after the last datagram for the receiving sockets, ms (default 200). */
  lingerMs?: number;
}

/** What a live run did. */
export interface LiveResult extends GroundTruth {
  options: GenerateOptions;
  /** Whether the callee's sockets were bound on the destination address (else played from the source host). */
  calleeLocal: boolean;
  /** False when the run was aborted before the end (the counts then cover what was sent). */
  complete: boolean;
  /** Datagrams the operating system refused to send. */
  sendErrors: number;
  /** Largest lateness of a datagram behind its due time, ms (how well the pacing kept up). */
  maxLateMs: number;
}

const MS_PER_S = 1000;
const DEFAULT_LINGER_MS = 200;
/** Datagrams sent in one go before giving the event loop a turn. */
const SEND_BATCH = 512;

/** Whether `address` is loopback (127.0.0.0/8, ::1) or assigned to an interface of this host. */
export function isLocalAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (parsed === null) return false;
  const { ipVersion, bytes } = parsed;
  if (ipVersion === 4 && bytes[0] === 127) return true;
  if (ipVersion === 6 && bytes.every((b, i) => b === (i === 15 ? 1 : 0))) return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (sameAddress(entry.address, address)) return true;
  }
  return false;
}

/**
 * Throws a RangeError unless the scenario can be sent live from here: the source address must be
 * local (the sockets bind to it); the destination must be local unless `allowRemote`.
 */
export function checkLiveEndpoints(options: GenerateOptions, allowRemote: boolean): void {
  if (!isLocalAddress(options.source.address)) {
    throw new RangeError(
      `source address ${options.source.address} is not an address of this host (the caller's sockets bind to it)`,
    );
  }
  if (isLocalAddress(options.destination.address)) return;
  if (!allowRemote) {
    throw new RangeError(
      `destination ${options.destination.address} is not a loopback or local address: pass --allow-remote to send across a network`,
    );
  }
  // The callee's side is then played from the source host, on the callee's port numbers.
  const media = 2 * options.calls;
  const { port: a } = options.source;
  const { port: b } = options.destination;
  if (a < b + media && b < a + media) {
    throw new RangeError(
      'with a remote destination the callee side is played from the source host: its ports must not overlap the caller ports',
    );
  }
}

const key = (address: string, port: number): string =>
  endpointFromText(address, port) ?? `${address}:${port}`;

/** Sends the scenario live; resolves to the ground truth once every datagram went out. */
export async function sendLive(
  partial: Partial<GenerateOptions>,
  live: LiveOptions = {},
): Promise<LiveResult> {
  const checked = resolveGenerateOptions(partial);
  checkLiveEndpoints(checked, live.allowRemote ?? false);
  const calleeLocal = isLocalAddress(checked.destination.address);
  const source = new PacketSource({ ...checked, pathDelayMs: 0, startTimeSec: Date.now() / MS_PER_S });
  const options = source.options;
  const calleeHost = calleeLocal ? options.destination.address : options.source.address;

  // Every local endpoint gets one socket; received datagrams are counted by "local<remote".
  const sockets = new Map<string, Socket>();
  const received = new Map<string, number>();
  const media = 2 * options.calls;
  const endpoints: [string, number][] = [];
  for (let i = 0; i < media; i++) {
    endpoints.push([options.source.address, options.source.port + i]);
    endpoints.push([calleeHost, options.destination.port + i]);
  }
  if (options.withSip) {
    endpoints.push([options.source.address, options.sipPort + CALLER_SIP_PORT_OFFSET]);
    endpoints.push([calleeHost, options.sipPort]);
  }
  const ipv6 = parseAddress(options.source.address)?.ipVersion === 6;
  try {
    for (const [address, port] of endpoints) {
      const local = key(address, port);
      if (sockets.has(local)) continue;
      const socket = createSocket({ type: ipv6 ? 'udp6' : 'udp4' });
      sockets.set(local, socket);
      socket.on('message', (_message, remote) => {
        const from = `${local}<${key(remote.address, remote.port)}`;
        received.set(from, (received.get(from) ?? 0) + 1);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ address, port, exclusive: true }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.on('error', () => {});
    }

    // The destination's address as it appears in datagrams' sources, to map them to a socket.
    const remapFrom = calleeLocal ? null : options.destination.address;
    let sendErrors = 0;
    let maxLateMs = 0;
    const onSent = (error: Error | null): void => {
      if (error) sendErrors++;
    };
    const origin = performance.now();
    let aborted = false;
    let item = source.next();
    while (item !== null) {
      if (live.signal?.aborted) {
        aborted = true;
        break;
      }
      const nowMs = performance.now() - origin;
      const dueMs = item.offsetSec * MS_PER_S;
      if (dueMs > nowMs) {
        await sleep(dueMs - nowMs);
        continue;
      }
      // Everything due now, in order.
      for (let sent = 0; item !== null && sent < SEND_BATCH; sent++) {
        const late = performance.now() - origin - item.offsetSec * MS_PER_S;
        if (late < 0) break;
        if (late > maxLateMs) maxLateMs = late;
        const fromAddress =
          remapFrom !== null && sameAddress(item.src[0], remapFrom) ? options.source.address : item.src[0];
        const socket = sockets.get(key(fromAddress, item.src[1]));
        if (socket === undefined) sendErrors++;
        else socket.send(item.payload, item.dst[1], item.dst[0], onSent);
        item = source.next();
      }
      if (item !== null) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await sleep(live.lingerMs ?? DEFAULT_LINGER_MS);

    const truth = source.groundTruth();
    for (const stream of truth.streams) {
      if (remapFrom !== null && stream.direction === 'callee-to-caller') {
        const port = Number(stream.src.slice(stream.src.lastIndexOf(':') + 1));
        stream.src = key(options.source.address, port);
      }
      const receiverLocal = calleeLocal || stream.direction === 'callee-to-caller';
      if (receiverLocal) stream.received = received.get(`${stream.dst}<${stream.src}`) ?? 0;
    }
    return { ...truth, options, calleeLocal, complete: !aborted, sendErrors, maxLateMs };
  } finally {
    await Promise.all(
      [...sockets.values()].map(
        (socket) =>
          new Promise<void>((resolve) => {
            try {
              socket.close(() => resolve());
            } catch {
              resolve();
            }
          }),
      ),
    );
  }
}
