/**
 * RTP payload types: the static table of RFC 3551 (tables 4 and 5) and the clock rates of common
 * dynamic encodings by name (as registered with IANA; the same values Wireshark uses).
 * Source: ../shared/docs/emodel.md section 7.2.
 */

/** What the static table says about one payload type. */
export interface StaticPayloadType {
  /** Encoding name as in RFC 3551 (PCMU, PCMA, G722, ...). */
  readonly encoding: string;
  /** 'audio' or 'video'. */
  readonly media: 'audio' | 'video';
  /** RTP timestamp clock in Hz (G.722 is 8000 although its audio is sampled at 16 kHz). */
  readonly clockRateHz: number;
}

const audio = (encoding: string, clockRateHz: number): StaticPayloadType => ({
  encoding,
  media: 'audio',
  clockRateHz,
});
const video = (encoding: string): StaticPayloadType => ({ encoding, media: 'video', clockRateHz: 90_000 });

/** RFC 3551 static payload types; 1 and 2 (reserved, formerly 1016 and G721) and 19 (old CN) kept as Wireshark keeps them. */
export const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, StaticPayloadType> = new Map([
  [0, audio('PCMU', 8000)],
  [1, audio('1016', 8000)],
  [2, audio('G721', 8000)],
  [3, audio('GSM', 8000)],
  [4, audio('G723', 8000)],
  [5, audio('DVI4', 8000)],
  [6, audio('DVI4', 16_000)],
  [7, audio('LPC', 8000)],
  [8, audio('PCMA', 8000)],
  [9, audio('G722', 8000)],
  [10, audio('L16', 44_100)],
  [11, audio('L16', 44_100)],
  [12, audio('QCELP', 8000)],
  [13, audio('CN', 8000)],
  [14, audio('MPA', 90_000)],
  [15, audio('G728', 8000)],
  [16, audio('DVI4', 11_025)],
  [17, audio('DVI4', 22_050)],
  [18, audio('G729', 8000)],
  [19, audio('CN', 8000)],
  [25, video('CelB')],
  [26, video('JPEG')],
  [28, video('nv')],
  [31, video('H261')],
  [32, video('MPV')],
  [33, video('MP2T')],
  [34, video('H263')],
]);

/** Comfort noise (RFC 3389). */
export const PT_CN = 13;
/** Old comfort-noise payload type (reserved in RFC 3551). */
export const PT_CN_OLD = 19;
/** First dynamic payload type. */
export const FIRST_DYNAMIC_PT = 96;

/** Clock rates (Hz) of dynamic encodings by lower-case encoding name (RFC 4867, 7587, 4733, ...). */
export const DYNAMIC_CLOCK_RATES_HZ: ReadonlyMap<string, number> = new Map([
  ['amr', 8000],
  ['amr-wb', 16_000],
  ['evs', 16_000],
  ['g7221', 16_000],
  ['g726-16', 8000],
  ['g726-24', 8000],
  ['g726-32', 8000],
  ['g726-40', 8000],
  ['g729d', 8000],
  ['g729e', 8000],
  ['gsm-efr', 8000],
  ['h263-1998', 90_000],
  ['h263-2000', 90_000],
  ['h264', 90_000],
  ['h265', 90_000],
  ['ilbc', 8000],
  ['opus', 48_000],
  ['red', 1000],
  ['speex', 8000],
  ['t140', 1000],
  ['telephone-event', 8000],
  ['vp8', 90_000],
  ['vp9', 90_000],
]);

/**
 * Whether a payload type number can plausibly carry media: the static audio/video types and the
 * dynamic range. 72..76 collide with RTCP (RFC 5761) and the unassigned ranges are rejected.
 */
export function isPlausibleMediaPayloadType(payloadType: number): boolean {
  return (payloadType >= 0 && payloadType <= 34) || (payloadType >= FIRST_DYNAMIC_PT && payloadType <= 127);
}

/** Encoding names as written by RFC 3551 and the IANA registry, by lower-case name. */
const CANONICAL_NAMES: ReadonlyMap<string, string> = new Map(
  [
    ...[...STATIC_PAYLOAD_TYPES.values()].map((pt) => pt.encoding),
    'AMR',
    'AMR-WB',
    'EVS',
    'G7221',
    'G726-16',
    'G726-24',
    'G726-32',
    'G726-40',
    'G729D',
    'G729E',
    'GSM-EFR',
    'H263-1998',
    'H263-2000',
    'H264',
    'H265',
    'iLBC',
    'opus',
    'red',
    'SILK',
    'speex',
    't140',
    'telephone-event',
    'VP8',
    'VP9',
  ].map((name) => [name.toLowerCase(), name]),
);

/** An encoding name in its registered spelling (`pcma` -> `PCMA`, `OPUS` -> `opus`); unknown names unchanged. */
export function canonicalEncoding(name: string | null): string | null {
  if (name === null) return null;
  return CANONICAL_NAMES.get(name.toLowerCase()) ?? name;
}
