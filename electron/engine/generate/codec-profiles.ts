/**
 * The codecs the generator can send: payload type, RTP clock, timestamp step and payload size of
 * one 20 ms packet, and the SDP that announces them. Payload bytes are a constant fill (silence
 * for G.711) except Opus, whose packets vary in size as a VBR encoder's do.
 */

/** What one generated RTP stream of a codec looks like. */
export interface CodecProfile {
  /** Encoding name as SDP writes it (and as `--codec` takes it, case-insensitively). */
  readonly name: 'PCMU' | 'PCMA' | 'G722' | 'G729' | 'opus' | 'GSM';
  /** RTP payload type (static, or 111 for Opus: dynamic, announced by SDP). */
  readonly payloadType: number;
  /** RTP timestamp clock, Hz (G.722 is 8000 although sampled at 16 kHz, RFC 3551). */
  readonly clockRateHz: number;
  /** Packet time, ms (also `a=ptime`). */
  readonly packetTimeMs: number;
  /** Smallest and largest payload, bytes (equal for constant-bitrate codecs). */
  readonly payloadBytes: readonly [number, number];
  /** Byte the payload is filled with. */
  readonly fill: number;
  /** `a=rtpmap` value after the payload type, e.g. `PCMU/8000`. */
  readonly rtpmap: string;
  /** `a=fmtp` value after the payload type, or null. */
  readonly fmtp: string | null;
}

/** Packet time of every generated stream, ms. */
export const PACKET_TIME_MS = 20;
const MS_PER_S = 1000;

const profile = (
  name: CodecProfile['name'],
  payloadType: number,
  clockRateHz: number,
  payloadBytes: readonly [number, number],
  fill: number,
  rtpmap: string,
  fmtp: string | null = null,
): CodecProfile => ({
  name,
  payloadType,
  clockRateHz,
  packetTimeMs: PACKET_TIME_MS,
  payloadBytes,
  fill,
  rtpmap,
  fmtp,
});

/** Every codec `--codec` accepts. */
export const CODEC_PROFILES: readonly CodecProfile[] = [
  profile('PCMU', 0, 8000, [160, 160], 0xff, 'PCMU/8000'),
  profile('PCMA', 8, 8000, [160, 160], 0xd5, 'PCMA/8000'),
  profile('G722', 9, 8000, [160, 160], 0x00, 'G722/8000'),
  profile('G729', 18, 8000, [20, 20], 0x00, 'G729/8000', 'annexb=no'),
  profile('opus', 111, 48_000, [55, 65], 0x00, 'opus/48000/2', 'minptime=10;useinbandfec=1'),
  profile('GSM', 3, 8000, [33, 33], 0xd8, 'GSM/8000'),
];

/** The profile named `name` (case-insensitive), or undefined. */
export function findCodecProfile(name: string): CodecProfile | undefined {
  const lower = name.toLowerCase();
  return CODEC_PROFILES.find((codec) => codec.name.toLowerCase() === lower);
}

/** RTP timestamp units between two packets. */
export function timestampStep(codec: CodecProfile): number {
  return (codec.clockRateHz * codec.packetTimeMs) / MS_PER_S;
}

/** Payload type of RFC 4733 telephone-event offered beside every codec. */
export const TELEPHONE_EVENT_PT = 101;
