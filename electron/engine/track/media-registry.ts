/**
 * Which UDP endpoints carry RTP, as far as something other than heuristics knows: ports the user
 * named (`--decode-as udp:PORT`), and media endpoints that signalling (SIP/SDP) announced with their
 * payload formats. A stream whose destination or source was announced, or whose port was named, is
 * reported from its first packet without probation, and resolves its payload types through the
 * announcement (which a re-INVITE updates in place).
 */

import { FIRST_DYNAMIC_PT, STATIC_PAYLOAD_TYPES } from '../../../shared/payload-types.ts';
import { formatEndpoint } from '../decode/address.ts';
import type { PacketInfo } from '../decode/packet-info.ts';
import type { PayloadFormat } from './rtp-stream-stats.ts';

/** Payload formats of one endpoint by payload type number. */
export type PayloadFormats = ReadonlyMap<number, PayloadFormat>;

/** Which side of a call an endpoint belongs to. */
export type CallParty = 'caller' | 'callee';

/** What signalling announced about one media endpoint (`address:port` that receives RTP). */
export interface MediaBinding {
  /** The endpoint, as `formatEndpoint` writes it. */
  readonly endpoint: string;
  /** Payload formats by payload type (the latest offer or answer). */
  formats: PayloadFormats;
  /** Call-ID of the call that announced it. */
  callId: string;
  /** The party that receives RTP at this endpoint. */
  party: CallParty;
  /** Packet time from `a=ptime`, ms; null when not given. */
  packetTimeMs: number | null;
  /** True when the owner said it will not receive here (sendonly, inactive, or address 0.0.0.0): hold or one-way media. */
  hold: boolean;
}

/** A binding found for a packet: `receiver` is true when the packet goes to the announced endpoint. */
export interface BindingMatch {
  binding: MediaBinding;
  receiver: boolean;
}

const UNKNOWN_FORMAT: PayloadFormat = { clockRateHz: 0, encoding: null, telephoneEvent: false };

/** The static RFC 3551 format of a payload type, or "unknown" for dynamic and unassigned types. */
export function staticPayloadFormat(payloadType: number): PayloadFormat {
  const known = payloadType < FIRST_DYNAMIC_PT ? STATIC_PAYLOAD_TYPES.get(payloadType) : undefined;
  if (known === undefined) return UNKNOWN_FORMAT;
  return { clockRateHz: known.clockRateHz, encoding: known.encoding, telephoneEvent: false };
}

/**
 * Without signalling, dynamic payload type 101 is taken as RFC 4733 telephone-event, as Wireshark
 * does by default (its rtpevent payload type preference): the type used in RFC 2833's examples and
 * by most phones. It only names the type; telephone-event gets no jitter either way.
 */
export const DEFAULT_TELEPHONE_EVENT_PT = 101;

const staticFormats = new Map<number, PayloadFormat>();
for (let pt = 0; pt < FIRST_DYNAMIC_PT; pt++) staticFormats.set(pt, staticPayloadFormat(pt));
staticFormats.set(DEFAULT_TELEPHONE_EVENT_PT, {
  clockRateHz: 0,
  encoding: 'telephone-event',
  telephoneEvent: true,
});

/** Resolver used when nothing was announced: the static table (and PT 101), unknown for other dynamic types. */
export function resolveStaticPayload(payloadType: number): PayloadFormat {
  return staticFormats.get(payloadType) ?? UNKNOWN_FORMAT;
}

/** Announced endpoints kept at most (oldest forgotten first). */
const MAX_BINDINGS = 20_000;

export class MediaRegistry {
  readonly #decodeAsPorts: ReadonlySet<number>;
  readonly #bindings = new Map<string, MediaBinding>();
  /** Changes whenever an announcement is made, so streams know when to look again. */
  generation = 0;

  constructor(decodeAsUdpPorts: Iterable<number> = []) {
    this.#decodeAsPorts = new Set(decodeAsUdpPorts);
  }

  /** Whether either UDP port of the packet was named by the user as RTP. */
  isDecodeAsPort(info: PacketInfo): boolean {
    return (
      this.#decodeAsPorts.size > 0 &&
      (this.#decodeAsPorts.has(info.srcPort) || this.#decodeAsPorts.has(info.dstPort))
    );
  }

  /**
   * Records that signalling announced RTP at `endpoint`. An endpoint announced again by the same call
   * (a re-INVITE) keeps its binding object and takes the new values, so streams already bound see
   * them; another call reusing the endpoint gets a new binding (earlier streams stay with theirs).
   */
  announce(endpoint: string, values: Omit<MediaBinding, 'endpoint'>): MediaBinding {
    const existing = this.#bindings.get(endpoint);
    const sameCall = existing !== undefined && existing.callId === values.callId;
    const binding = sameCall ? existing : { endpoint, ...values };
    if (sameCall) Object.assign(existing, values);
    this.#bindings.delete(endpoint);
    this.#bindings.set(endpoint, binding);
    if (this.#bindings.size > MAX_BINDINGS) {
      const oldest = this.#bindings.keys().next().value;
      if (oldest !== undefined) this.#bindings.delete(oldest);
    }
    this.generation++;
    return binding;
  }

  /** The binding of the packet's destination, else (symmetric RTP) of its source; undefined when none. */
  lookup(info: PacketInfo): BindingMatch | undefined {
    if (this.#bindings.size === 0) return undefined;
    const toDst = this.#bindings.get(formatEndpoint(info.ipVersion, info.dst, info.dstPort));
    if (toDst !== undefined) return { binding: toDst, receiver: true };
    const fromSrc = this.#bindings.get(formatEndpoint(info.ipVersion, info.src, info.srcPort));
    return fromSrc === undefined ? undefined : { binding: fromSrc, receiver: false };
  }
}
