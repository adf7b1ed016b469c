/**
 * SDP (RFC 8866 / 4566) bodies of SIP messages: where each media stream goes, with which payload
 * types, and whether it is on hold. Attribute lines are parsed by sdp-transform; m= lines are taken
 * apart here (sdp-transform drops `m=audio 49170/2 ...` and reorders nothing we could rely on).
 *
 * Hostile input: the text is cut to MAX_SDP_TEXT_CHARS, only the lines this module reads are handed
 * to sdp-transform (each at most MAX_SDP_LINE_CHARS long, so none of its other regular expressions
 * ever sees packet data), media and payload lists are capped, and nothing throws.
 */

import { parse } from 'sdp-transform';
import { STATIC_PAYLOAD_TYPES } from '../../../shared/payload-types.ts';
import { capText as cap } from './sip-message.ts';

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One payload type of an m= line. */
export interface SdpPayload {
  payloadType: number;
  /** rtpmap encoding name as written ('opus', 'telephone-event', 'PCMU'); static types without rtpmap get the RFC 3551 name; otherwise null. */
  encoding: string | null;
  /** rtpmap clock rate (or the RFC 3551 one for a static type without rtpmap), or null. */
  clockRateHz: number | null;
  /** rtpmap channel count when written, else null. */
  channels: number | null;
  /** a=fmtp parameters for this payload type, or null. */
  fmtp: string | null;
}

/** One m= section. */
export interface SdpMedia {
  /** audio | video | image | application | ... */
  type: string;
  /** c= of the media, else of the session (IPv4 or IPv6 text, TTL / count suffix removed), or null. */
  address: string | null;
  /** Media port; 0 when the m= line rejects the stream or its port is unreadable. */
  port: number;
  /** a=rtcp port, else the media port with rtcp-mux, else port + 1; null for non-RTP transports and port 0. */
  rtcpPort: number | null;
  rtcpMux: boolean;
  /** RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, udptl, ... as written. */
  protocol: string;
  /** Media-level direction attribute, else the session-level one, else sendrecv. */
  direction: SdpDirection;
  /** RTP payload types in m= line order (empty for non-RTP transports such as `udptl t38`). */
  payloads: SdpPayload[];
  /** a=ptime (media level, else session level), milliseconds. */
  packetTimeMs: number | null;
  /** a=maxptime (media level, else session level), milliseconds. */
  maxPacketTimeMs: number | null;
}

export interface SdpSession {
  origin: { username: string; sessionId: string; sessionVersion: string; address: string } | null;
  /** Session-level c= address, or null. */
  address: string | null;
  /** Session-level direction attribute, else sendrecv. */
  direction: SdpDirection;
  media: SdpMedia[];
}

/** Longest SDP text read, in UTF-16 code units (the rest is ignored, from the last line break on). */
export const MAX_SDP_TEXT_CHARS = 64 * 1024;
/** Most m= sections reported (later ones are ignored). */
export const MAX_SDP_MEDIA = 64;
/** Most payload types reported per m= section. */
export const MAX_SDP_PAYLOADS = 128;
/** Attribute lines longer than this are ignored; m= lines are cut to it. */
export const MAX_SDP_LINE_CHARS = 4096;
/** Caps on strings taken from the SDP. */
export const MAX_SDP_TOKEN_CHARS = 64;
export const MAX_SDP_ADDRESS_CHARS = 256;
export const MAX_SDP_FMTP_CHARS = 1024;
export const MAX_SDP_ORIGIN_FIELD_CHARS = 256;

const MAX_PORT = 65_535;
const MAX_PAYLOAD_TYPE = 127;
const MAX_CLOCK_RATE_HZ = 10_000_000;
const MAX_CHANNELS = 255;
const MAX_PACKET_TIME_MS = 60_000;
const HOLD_ADDRESS = '0.0.0.0';

/** Attributes handed to sdp-transform (everything else is dropped before it parses). */
const ATTRIBUTES = new Set([
  'rtpmap',
  'fmtp',
  'rtcp',
  'rtcp-mux',
  'ptime',
  'maxptime',
  'sendrecv',
  'sendonly',
  'recvonly',
  'inactive',
]);
const DIRECTIONS: ReadonlySet<string> = new Set<SdpDirection>([
  'sendrecv',
  'sendonly',
  'recvonly',
  'inactive',
]);

/**
 * Parses an SDP body. Returns null when the text is not SDP (its first non-blank line is not `v=`)
 * or cannot be parsed. Never throws.
 */
export function parseSdp(text: string): SdpSession | null {
  try {
    return parseSdpUnsafe(text);
  } catch {
    return null;
  }
}

/** Whether the media is on hold: sendonly, inactive, or the old-style `c=IN IP4 0.0.0.0`. */
export function isHold(media: SdpMedia): boolean {
  return media.direction === 'sendonly' || media.direction === 'inactive' || media.address === HOLD_ADDRESS;
}

interface MediaLine {
  type: string;
  port: number;
  protocol: string;
  formats: string[];
}

function parseSdpUnsafe(input: string): SdpSession | null {
  if (typeof input !== 'string') return null;
  let text = input;
  if (text.length > MAX_SDP_TEXT_CHARS) {
    text = text.slice(0, MAX_SDP_TEXT_CHARS);
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    text = lastBreak >= 0 ? text.slice(0, lastBreak) : '';
  }
  const lines = text.split(/\r\n|\r|\n/);
  let first = 0;
  while (first < lines.length && lines[first]!.trim().length === 0) first++;
  if (first >= lines.length || !lines[first]!.trimStart().startsWith('v=')) return null;

  // Keep the lines we read; m= lines always (sdp-transform's media list must line up with ours).
  const kept: string[] = [];
  const mediaLines: MediaLine[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = i === first ? lines[i]!.trim() : lines[i]!.trimEnd();
    const type = line.charCodeAt(0);
    if (line.charCodeAt(1) !== 0x3d /* '=' */) continue;
    if (type === 0x6d /* m */) {
      if (mediaLines.length >= MAX_SDP_MEDIA) break;
      const cut = line.length > MAX_SDP_LINE_CHARS ? line.slice(0, MAX_SDP_LINE_CHARS) : line;
      mediaLines.push(parseMediaLine(cut.slice(2)));
      kept.push(cut);
      continue;
    }
    if (line.length > MAX_SDP_LINE_CHARS) continue;
    if (type === 0x76 /* v */ || type === 0x6f /* o */ || type === 0x63 /* c */) {
      kept.push(line);
    } else if (type === 0x61 /* a */) {
      const colon = line.indexOf(':');
      const name = colon < 0 ? line.slice(2) : line.slice(2, colon);
      if (ATTRIBUTES.has(name)) kept.push(line);
    }
  }

  const parsed = parse(`${kept.join('\r\n')}\r\n`) as unknown as Loose;
  const parsedMedia = Array.isArray(parsed.media) ? (parsed.media as Loose[]) : [];

  const sessionDirection = direction(parsed.direction) ?? 'sendrecv';
  const sessionAddress = connectionAddress(parsed.connection);
  const sessionPtime = packetTime(parsed.ptime);
  const sessionMaxPtime = packetTime(parsed.maxptime);

  const media: SdpMedia[] = [];
  for (let i = 0; i < mediaLines.length; i++) {
    const line = mediaLines[i]!;
    const m: Loose = parsedMedia[i] ?? {};
    const isRtp = line.protocol.toUpperCase().includes('RTP');
    const rtcpMux = m.rtcpMux === 'rtcp-mux';
    let rtcpPort: number | null = null;
    if (isRtp && line.port > 0) {
      const rtcp = isObject(m.rtcp) ? integer(m.rtcp.port, 1, MAX_PORT) : null;
      if (rtcp !== null) rtcpPort = rtcp;
      else if (rtcpMux) rtcpPort = line.port;
      else if (line.port < MAX_PORT) rtcpPort = line.port + 1;
    }
    media.push({
      type: line.type,
      address: connectionAddress(m.connection) ?? sessionAddress,
      port: line.port,
      rtcpPort,
      rtcpMux,
      protocol: line.protocol,
      direction: direction(m.direction) ?? sessionDirection,
      payloads: isRtp ? payloads(line.formats, m) : [],
      packetTimeMs: packetTime(m.ptime) ?? sessionPtime,
      maxPacketTimeMs: packetTime(m.maxptime) ?? sessionMaxPtime,
    });
  }

  return {
    origin: origin(parsed.origin),
    address: sessionAddress,
    direction: sessionDirection,
    media,
  };
}

/** What sdp-transform returns, read defensively (its types promise more than hostile input gives). */
type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null;
}

/** `<media> <port>[/<count>] <proto> <fmt> ...` */
function parseMediaLine(content: string): MediaLine {
  const tokens = content.trim().split(/[ \t]+/);
  const portText = (tokens[1] ?? '').split('/')[0]!;
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
  return {
    type: cap(tokens[0] ?? '', MAX_SDP_TOKEN_CHARS),
    port: port <= MAX_PORT ? port : 0,
    protocol: cap(tokens[2] ?? '', MAX_SDP_TOKEN_CHARS),
    formats: tokens.slice(3, 3 + MAX_SDP_PAYLOADS),
  };
}

function payloads(formats: readonly string[], m: Loose): SdpPayload[] {
  const rtpmaps = Array.isArray(m.rtp) ? (m.rtp as unknown[]).filter(isObject) : [];
  const fmtps = Array.isArray(m.fmtp) ? (m.fmtp as unknown[]).filter(isObject) : [];
  const out: SdpPayload[] = [];
  const seen = new Set<number>();
  for (const format of formats) {
    if (!/^\d{1,3}$/.test(format)) continue;
    const payloadType = Number(format);
    if (payloadType > MAX_PAYLOAD_TYPE || seen.has(payloadType)) continue;
    seen.add(payloadType);
    const rtpmap = rtpmaps.find((r) => r.payload === payloadType);
    const fmtp = fmtps.find((f) => f.payload === payloadType);
    let encoding: string | null = null;
    let clockRateHz: number | null = null;
    let channels: number | null = null;
    const codec = rtpmap === undefined ? null : text(rtpmap.codec);
    if (rtpmap !== undefined && codec !== null && codec.length > 0) {
      encoding = cap(codec, MAX_SDP_TOKEN_CHARS);
      clockRateHz = integer(rtpmap.rate, 1, MAX_CLOCK_RATE_HZ);
      channels = integer(rtpmap.encoding, 1, MAX_CHANNELS);
    } else {
      const known = STATIC_PAYLOAD_TYPES.get(payloadType);
      if (known !== undefined) {
        encoding = known.encoding;
        clockRateHz = known.clockRateHz;
      }
    }
    const config = fmtp === undefined ? null : text(fmtp.config);
    out.push({
      payloadType,
      encoding,
      clockRateHz,
      channels,
      fmtp: config === null ? null : cap(config.trim(), MAX_SDP_FMTP_CHARS),
    });
  }
  return out;
}

function origin(value: unknown): SdpSession['origin'] {
  if (!isObject(value)) return null;
  const username = text(value.username);
  const sessionId = text(value.sessionId);
  const sessionVersion = text(value.sessionVersion);
  const address = text(value.address);
  if (username === null || sessionId === null || sessionVersion === null || address === null) return null;
  return {
    username: cap(username, MAX_SDP_ORIGIN_FIELD_CHARS),
    sessionId: cap(sessionId, MAX_SDP_ORIGIN_FIELD_CHARS),
    sessionVersion: cap(sessionVersion, MAX_SDP_ORIGIN_FIELD_CHARS),
    address: cap(address, MAX_SDP_ORIGIN_FIELD_CHARS),
  };
}

/** c= address without a multicast `/ttl[/count]` suffix; null when absent or empty. */
function connectionAddress(value: unknown): string | null {
  if (!isObject(value)) return null;
  const ip = text(value.ip);
  if (ip === null) return null;
  const slash = ip.indexOf('/');
  const address = slash < 0 ? ip : ip.slice(0, slash);
  return address.length > 0 ? cap(address, MAX_SDP_ADDRESS_CHARS) : null;
}

function direction(value: unknown): SdpDirection | null {
  return typeof value === 'string' && DIRECTIONS.has(value) ? (value as SdpDirection) : null;
}

function packetTime(value: unknown): number | null {
  let number = Number.NaN;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\d{1,6}(?:\.\d{1,6})?$/.test(value)) number = Number(value);
  return Number.isFinite(number) && number > 0 && number <= MAX_PACKET_TIME_MS ? number : null;
}

/** sdp-transform turns numeric-looking fields into numbers: back to text. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function integer(value: unknown, min: number, max: number): number | null {
  let number = Number.NaN;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\d{1,10}$/.test(value)) number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : null;
}
