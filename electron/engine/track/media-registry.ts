/**
 * Which UDP endpoints carry RTP, as far as something other than heuristics knows: ports the user
 * named (`--decode-as udp:PORT`), and, through `announce`, media endpoints that signalling (SIP/SDP)
 * described with their payload formats. A stream whose destination or source was announced, or
 * whose port was named, is reported from its first packet without probation.
 */

import { FIRST_DYNAMIC_PT, STATIC_PAYLOAD_TYPES } from '../../../shared/payload-types.ts';
import { formatEndpoint } from '../decode/address.ts';
import type { PacketInfo } from '../decode/packet-info.ts';
import type { PayloadFormat } from './rtp-stream-stats.ts';

/** Payload formats of one endpoint by payload type number. */
export type PayloadFormats = ReadonlyMap<number, PayloadFormat>;

const UNKNOWN_FORMAT: PayloadFormat = { clockRateHz: 0, encoding: null, telephoneEvent: false };

/** The static RFC 3551 format of a payload type, or "unknown" for dynamic and unassigned types. */
export function staticPayloadFormat(payloadType: number): PayloadFormat {
  const known = payloadType < FIRST_DYNAMIC_PT ? STATIC_PAYLOAD_TYPES.get(payloadType) : undefined;
  if (known === undefined) return UNKNOWN_FORMAT;
  return { clockRateHz: known.clockRateHz, encoding: known.encoding, telephoneEvent: false };
}

const staticFormats = new Map<number, PayloadFormat>();
for (let pt = 0; pt < FIRST_DYNAMIC_PT; pt++) staticFormats.set(pt, staticPayloadFormat(pt));

/** Resolver used when nothing was announced: the static table, unknown for dynamic types. */
export function resolveStaticPayload(payloadType: number): PayloadFormat {
  return staticFormats.get(payloadType) ?? UNKNOWN_FORMAT;
}

export class MediaRegistry {
  readonly #decodeAsPorts: ReadonlySet<number>;
  readonly #announced = new Map<string, PayloadFormats>();

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
   * Records that signalling announced RTP at `endpoint` (as `formatEndpoint` writes it) with these
   * payload formats. A later announcement for the same endpoint replaces the earlier one.
   */
  announce(endpoint: string, formats: PayloadFormats): void {
    this.#announced.set(endpoint, formats);
  }

  /** Formats announced for the packet's destination, else its source; undefined when none. */
  lookup(info: PacketInfo): PayloadFormats | undefined {
    if (this.#announced.size === 0) return undefined;
    return (
      this.#announced.get(formatEndpoint(info.ipVersion, info.dst, info.dstPort)) ??
      this.#announced.get(formatEndpoint(info.ipVersion, info.src, info.srcPort))
    );
  }
}

/** A resolver that prefers announced formats and falls back to the static table. */
export function resolverFor(formats: PayloadFormats | undefined): (payloadType: number) => PayloadFormat {
  if (formats === undefined) return resolveStaticPayload;
  return (payloadType) => formats.get(payloadType) ?? resolveStaticPayload(payloadType);
}
