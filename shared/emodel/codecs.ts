/**
 * Codec impairment table for the E-model: Ie (or Ie,WB), Bpl, band, packet time and codec delay, each
 * value with its provenance. Source: ../docs/emodel.md ("the spec") sections 3.1 – 3.4 (G.113
 * Appendix I Tables I.1 and I.3, equivalences, wideband values) and 4.2 (frame and look-ahead delays).
 *
 * Lookup is by RTP encoding name as written in SDP `a=rtpmap` (case-insensitive, "/clock/channels"
 * ignored) or by static payload type (RFC 3551). Anything not in the table gets a flagged fallback
 * (G.711 parameters, `fallback: true`, `reason`), never a silent default.
 */

import { STATIC_PAYLOAD_TYPES } from '../payload-types.ts';

/** Which E-model scale a codec's Ie belongs to: G.107 (0…100) or G.107.1 (0…129). */
export type Band = 'narrowband' | 'wideband';

/**
 * Where a value comes from:
 * - `official`: ITU-T G.113 table value as quoted by the spec ([ITU] or [ITU, verify]);
 * - `derived`: obtained from an official value by codec equivalence (spec 3.2) or quoted from the ITU
 *   framework by a vendor document (spec 3.3);
 * - `estimate`: no ITU value exists or was found; placeholder or folklore (spec 3.1 "flag", 3.4);
 * - `user`: given by the user (e.g. `callscope mos --ie N --bpl N`).
 */
export type Provenance = 'official' | 'derived' | 'estimate' | 'user';

/** One row of the codec table (or a fallback / user-defined entry). */
export interface CodecEntry {
  /** Stable key, lower case (e.g. 'g711', 'g729a'); also accepted by {@link lookupCodec}. */
  readonly id: string;
  /** Display name, e.g. 'G.711 with PLC'. */
  readonly name: string;
  /** RTP encoding names (as in SDP rtpmap) and common spellings that select this entry. */
  readonly aliases: readonly string[];
  /** E-model scale of `ie`. */
  readonly band: Band;
  /** Equipment impairment factor without loss, R points of `band`'s scale (Ie or Ie,WB). */
  readonly ie: number;
  /** Packet-loss robustness factor Bpl (dimensionless, > 0). */
  readonly bpl: number;
  /** Bit rate the values refer to, kbit/s; null when not applicable. */
  readonly bitrateKbps: number | null;
  /** The weaker of `ieProvenance` and `bplProvenance`. */
  readonly provenance: Provenance;
  /** Provenance of `ie`. */
  readonly ieProvenance: Provenance;
  /** Provenance of `bpl`. */
  readonly bplProvenance: Provenance;
  /** Where the values come from (text from the spec). */
  readonly source: string;
  /** Usual packet time (ptime), ms, when the stream does not tell. */
  readonly defaultPacketTimeMs: number;
  /** Codec delay beyond the packet time (look-ahead / filter delay), ms, added to Ta (spec 4.2). */
  readonly codecDelayMs: number;
  /** Static RTP payload types (RFC 3551) of this encoding. */
  readonly staticPayloadTypes: readonly number[];
  /** True when the encoding was not in the table and G.711 parameters stand in. */
  readonly fallback: boolean;
  /** Why the entry is flagged (estimate or fallback); null for official values. */
  readonly reason: string | null;
}

/** Options of {@link lookupCodec}. */
export interface CodecLookupOptions {
  /**
   * G.711 with packet-loss concealment (Bpl 25.1, G.711 Appendix I) — the default, since almost every
   * endpoint conceals losses (spec 3.1); false selects G.711 without PLC (Bpl 4.3).
   */
  g711Plc?: boolean;
}

// --- G.113 and spec values -------------------------------------------------------------------

/** G.711: Ie 0 (G.113 Table I.1). */
const G711_IE = 0;
/** G.711 with Appendix I PLC: Bpl 25.1 (G.113 Table I.3). */
export const G711_PLC_BPL = 25.1;
/** G.711 without PLC: Bpl 4.3 (G.113 Table I.3). Also the spec's "no PLC" stand-in for unknown Bpl (3.1). */
export const NO_PLC_BPL = 4.3;
/** Usual RTP packet time, ms (RFC 3551 default for sample-based codecs; 20 ms frames). */
const PTIME_20_MS = 20;
/** G.723.1 and iLBC 30 ms mode packet time, ms. */
const PTIME_30_MS = 30;

const ORDER: Readonly<Record<Provenance, number>> = { official: 0, derived: 1, user: 2, estimate: 3 };

const SRC_G113_I1 = 'ITU-T G.113 Appendix I Table I.1 (spec 3.1)';
const SRC_G113_I3 = 'ITU-T G.113 Appendix I Table I.3 (spec 3.1)';
const SRC_NO_BPL = 'Bpl not in G.113: 4.3 (= no PLC) as the spec prescribes for unknown Bpl (3.1)';
const SRC_G711_EST = 'no ITU-T Ie/Bpl: estimated with G.711+PLC parameters Ie 0, Bpl 25.1 (spec 3.4)';

interface Row {
  id: string;
  name: string;
  aliases?: string[];
  band?: Band;
  ie: number;
  bpl: number;
  bitrateKbps: number | null;
  ieProvenance: Provenance;
  bplProvenance: Provenance;
  source: string;
  defaultPacketTimeMs?: number;
  codecDelayMs: number;
  staticPayloadTypes?: number[];
  reason?: string;
}

function entry(row: Row): CodecEntry {
  const provenance =
    ORDER[row.ieProvenance] >= ORDER[row.bplProvenance] ? row.ieProvenance : row.bplProvenance;
  return Object.freeze({
    id: row.id,
    name: row.name,
    aliases: Object.freeze(row.aliases ?? []),
    band: row.band ?? 'narrowband',
    ie: row.ie,
    bpl: row.bpl,
    bitrateKbps: row.bitrateKbps,
    provenance,
    ieProvenance: row.ieProvenance,
    bplProvenance: row.bplProvenance,
    source: row.source,
    defaultPacketTimeMs: row.defaultPacketTimeMs ?? PTIME_20_MS,
    codecDelayMs: row.codecDelayMs,
    staticPayloadTypes: Object.freeze(row.staticPayloadTypes ?? []),
    fallback: false,
    reason: row.reason ?? (provenance === 'official' ? null : `values are ${provenance}s: ${row.source}`),
  });
}

/** G.711 (PCMU/PCMA) with packet-loss concealment: the default for G.711 (spec 3.1). */
const G711_PLC = entry({
  id: 'g711',
  name: 'G.711 with PLC',
  aliases: ['PCMU', 'PCMA', 'G711', 'G.711', 'G711U', 'G711A'],
  ie: G711_IE,
  bpl: G711_PLC_BPL,
  bitrateKbps: 64,
  ieProvenance: 'official',
  bplProvenance: 'official',
  source: `${SRC_G113_I3}: G.711 with G.711 Appendix I PLC, Ie 0, Bpl 25.1`,
  codecDelayMs: 0,
  staticPayloadTypes: [0, 8],
});

/** G.711 without packet-loss concealment ({ g711Plc: false }). */
const G711_NO_PLC = entry({
  id: 'g711-noplc',
  name: 'G.711 without PLC',
  ie: G711_IE,
  bpl: NO_PLC_BPL,
  bitrateKbps: 64,
  ieProvenance: 'official',
  bplProvenance: 'official',
  source: `${SRC_G113_I3}: G.711 without PLC, Ie 0, Bpl 4.3`,
  codecDelayMs: 0,
  staticPayloadTypes: [0, 8],
});

/**
 * The codec table (G.711 without PLC is reached through `{ g711Plc: false }` or its id).
 * Codec delays (look-ahead beyond the packet time) from the spec's table in 4.2.
 */
export const CODEC_TABLE: readonly CodecEntry[] = Object.freeze([
  G711_PLC,
  G711_NO_PLC,
  entry({
    id: 'g722',
    name: 'G.722 64 kbit/s',
    aliases: ['G722', 'G.722'],
    band: 'wideband',
    ie: 14,
    bpl: G711_PLC_BPL,
    bitrateKbps: 64,
    ieProvenance: 'derived',
    bplProvenance: 'estimate',
    source:
      'Ie,WB 14: Mitel MX-ONE planning guide quoting the wideband impairment framework (spec 3.3; G.113 ' +
      'Appendix IV not retrieved). Bpl not retrieved: 25.1 assumes G.722 PLC performing like G.711 Appendix I',
    codecDelayMs: 1.5,
    staticPayloadTypes: [9],
  }),
  entry({
    id: 'g722-56',
    name: 'G.722 56 kbit/s',
    band: 'wideband',
    ie: 18,
    bpl: G711_PLC_BPL,
    bitrateKbps: 56,
    ieProvenance: 'derived',
    bplProvenance: 'estimate',
    source: 'Ie,WB 18: Mitel MX-ONE planning guide (spec 3.3). Bpl: as G.722 64 kbit/s (estimate)',
    codecDelayMs: 1.5,
  }),
  entry({
    id: 'g722-48',
    name: 'G.722 48 kbit/s',
    band: 'wideband',
    ie: 24,
    bpl: G711_PLC_BPL,
    bitrateKbps: 48,
    ieProvenance: 'derived',
    bplProvenance: 'estimate',
    source: 'Ie,WB 24: Mitel MX-ONE planning guide (spec 3.3). Bpl: as G.722 64 kbit/s (estimate)',
    codecDelayMs: 1.5,
  }),
  entry({
    id: 'g726-40',
    name: 'G.726 ADPCM 40 kbit/s',
    aliases: ['G726-40', 'AAL2-G726-40'],
    ie: 2,
    bpl: NO_PLC_BPL,
    bitrateKbps: 40,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 2: ${SRC_G113_I1} [ITU, verify]. ${SRC_NO_BPL}`,
    codecDelayMs: 0,
  }),
  entry({
    id: 'g726-32',
    name: 'G.726 ADPCM 32 kbit/s',
    aliases: ['G726-32', 'AAL2-G726-32', 'G721', 'G726'],
    ie: 7,
    bpl: NO_PLC_BPL,
    bitrateKbps: 32,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 7: ${SRC_G113_I1} (G.721/G.726/G.727 32 kbit/s). ${SRC_NO_BPL}`,
    codecDelayMs: 0,
    staticPayloadTypes: [2],
  }),
  entry({
    id: 'g726-24',
    name: 'G.726 ADPCM 24 kbit/s',
    aliases: ['G726-24', 'AAL2-G726-24'],
    ie: 25,
    bpl: NO_PLC_BPL,
    bitrateKbps: 24,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 25: ${SRC_G113_I1} [ITU, verify]. ${SRC_NO_BPL}`,
    codecDelayMs: 0,
  }),
  entry({
    id: 'g726-16',
    name: 'G.726 ADPCM 16 kbit/s',
    aliases: ['G726-16', 'AAL2-G726-16'],
    ie: 50,
    bpl: NO_PLC_BPL,
    bitrateKbps: 16,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 50: ${SRC_G113_I1} [ITU, verify]. ${SRC_NO_BPL}`,
    codecDelayMs: 0,
  }),
  entry({
    id: 'g728',
    name: 'G.728 LD-CELP 16 kbit/s',
    aliases: ['G728', 'G.728'],
    ie: 7,
    bpl: NO_PLC_BPL,
    bitrateKbps: 16,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 7: ${SRC_G113_I1}. ${SRC_NO_BPL}`,
    codecDelayMs: 0,
    staticPayloadTypes: [15],
  }),
  entry({
    id: 'g729a',
    name: 'G.729A + VAD',
    aliases: ['G729', 'G.729', 'G729A', 'G.729A', 'G729AB', 'G729B'],
    ie: 11,
    bpl: 19,
    bitrateKbps: 8,
    ieProvenance: 'official',
    bplProvenance: 'official',
    source: `${SRC_G113_I3}: G.729A + VAD, Ie 11, Bpl 19.0 (G.729 without Annex A has Ie 10, Table I.1)`,
    codecDelayMs: 5,
    staticPayloadTypes: [18],
  }),
  entry({
    id: 'g723',
    name: 'G.723.1 6.3 kbit/s',
    aliases: ['G723', 'G.723', 'G7231', 'G723.1', 'G.723.1'],
    ie: 15,
    bpl: 16.1,
    bitrateKbps: 6.3,
    ieProvenance: 'official',
    bplProvenance: 'official',
    source: `${SRC_G113_I3}: G.723.1 6.3 kbit/s + VAD, Ie 15, Bpl 16.1`,
    defaultPacketTimeMs: PTIME_30_MS,
    codecDelayMs: 7.5,
    staticPayloadTypes: [4],
  }),
  entry({
    id: 'g723-5.3',
    name: 'G.723.1 5.3 kbit/s',
    ie: 19,
    bpl: 16.1,
    bitrateKbps: 5.3,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 19: ${SRC_G113_I1}. Bpl not in the table: 16.1 of the 6.3 kbit/s mode reused (spec 3.1)`,
    defaultPacketTimeMs: PTIME_30_MS,
    codecDelayMs: 7.5,
  }),
  entry({
    id: 'gsm',
    name: 'GSM 06.10 full rate',
    aliases: ['GSM', 'GSM-FR'],
    ie: 20,
    bpl: NO_PLC_BPL,
    bitrateKbps: 13,
    ieProvenance: 'official',
    bplProvenance: 'estimate',
    source: `Ie 20: ${SRC_G113_I1}. ${SRC_NO_BPL}`,
    codecDelayMs: 0,
    staticPayloadTypes: [3],
  }),
  entry({
    id: 'gsm-efr',
    name: 'GSM 06.60 enhanced full rate',
    aliases: ['GSM-EFR'],
    ie: 5,
    bpl: 10,
    bitrateKbps: 12.2,
    ieProvenance: 'official',
    bplProvenance: 'official',
    source: `${SRC_G113_I3} [ITU, verify]: GSM-EFR, Ie 5, Bpl 10.0`,
    codecDelayMs: 0,
  }),
  entry({
    id: 'amr',
    name: 'AMR-NB 12.2 kbit/s (assumed mode)',
    aliases: ['AMR', 'AMR-NB'],
    ie: 5,
    bpl: 10,
    bitrateKbps: 12.2,
    ieProvenance: 'derived',
    bplProvenance: 'derived',
    source: 'AMR-NB 12.2 kbit/s is the GSM-EFR algorithm: Ie 5, Bpl 10 (spec 3.2)',
    codecDelayMs: 5,
    reason:
      'AMR mode is not in the encoding name: the 12.2 kbit/s mode is assumed, values derived from GSM-EFR (spec 3.2)',
  }),
  entry({
    id: 'amr-7.4',
    name: 'AMR-NB 7.4 kbit/s',
    ie: 10,
    bpl: 10,
    bitrateKbps: 7.4,
    ieProvenance: 'derived',
    bplProvenance: 'estimate',
    source: 'AMR-NB 7.4 kbit/s is the IS-641 algorithm: Ie 10 (spec 3.2); Bpl 10 of the 12.2 mode (estimate)',
    codecDelayMs: 5,
  }),
  entry({
    id: 'amr-wb',
    name: 'AMR-WB (G.722.2) 12.65 kbit/s (assumed mode)',
    aliases: ['AMR-WB', 'G7222', 'G722.2', 'G.722.2'],
    band: 'wideband',
    ie: 13,
    bpl: NO_PLC_BPL,
    bitrateKbps: 12.65,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source:
      'G.113 Tables IV.1-IV.3 not retrieved for the spec (3.3, [ITU, verify]); Ie,WB 13 (12.65 kbit/s, monotic) ' +
      'and Bpl 4.3 (12.65 kbit/s, diotic) as a third-party implementation quotes G.113 Appendix IV',
    codecDelayMs: 6,
    reason:
      'AMR-WB mode is not in the encoding name: 12.65 kbit/s assumed; Ie,WB/Bpl not verified against G.113 (spec 3.3)',
  }),
  entry({
    id: 'opus',
    name: 'Opus, wideband and above (research values)',
    aliases: ['opus', 'opus-wb', 'opus-swb', 'opus-fb'],
    band: 'wideband',
    ie: 10.67,
    bpl: 9.79,
    bitrateKbps: 40,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source:
      'no ITU-T value; spec 3.4 [RESEARCH] Alahmadi 2021 (Opus_emodel.js), super-wideband VBR 40 kbit/s on the ' +
      'WB scale: Ie 10.67, Bpl 9.79 (random loss). The product scores Opus on the wideband scale unless the SDP ' +
      'limits it to narrowband (fmtp maxplaybackrate <= 8000)',
    codecDelayMs: 6.5,
    reason: 'no ITU-T Ie/Bpl for Opus: research values (spec 3.4), bit rate not known from the capture',
  }),
  entry({
    id: 'opus-nb',
    name: 'Opus, narrowband (as G.711+PLC)',
    aliases: [],
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: 'no ITU-T value; spec 3.4 recommendation for narrowband Opus: Ie 0 / Bpl 25.1 [FOLKLORE]',
    codecDelayMs: 6.5,
  }),
  entry({
    id: 'speex',
    name: 'Speex (as G.711+PLC)',
    aliases: ['speex'],
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: SRC_G711_EST,
    codecDelayMs: 10,
  }),
  entry({
    id: 'silk',
    name: 'SILK (as G.711+PLC)',
    aliases: ['SILK'],
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: SRC_G711_EST,
    codecDelayMs: 5,
  }),
  entry({
    id: 'ilbc',
    name: 'iLBC (as G.711+PLC)',
    aliases: ['iLBC'],
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: `${SRC_G711_EST}; 30 ms mode (RFC 3952 default) with 10 ms look-ahead`,
    defaultPacketTimeMs: PTIME_30_MS,
    codecDelayMs: 10,
  }),
  entry({
    id: 'evs',
    name: 'EVS (as G.711+PLC)',
    aliases: ['EVS'],
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: SRC_G711_EST,
    codecDelayMs: 12,
  }),
]);

/** Encodings that are not speech codecs (no E-model figure of their own). */
const NOT_SPEECH = new Set(['cn', 'telephone-event', 'red', 't140', 'ulpfec', 'flexfec']);

/** Lower case, without spaces, dots and underscores: 'G.723.1' → 'g7231', 'PCMU/8000' → 'pcmu'. */
function normalise(name: string): string {
  const base = name.trim().split('/')[0] ?? '';
  return base.toLowerCase().replace(/[\s._]/g, '');
}

const BY_NAME: ReadonlyMap<string, CodecEntry> = (() => {
  const map = new Map<string, CodecEntry>();
  for (const codec of CODEC_TABLE) {
    for (const key of [codec.id, ...codec.aliases]) map.set(normalise(key), codec);
  }
  return map;
})();

/**
 * The flagged stand-in for an encoding the table does not know: G.711+PLC parameters (Ie 0, Bpl 25.1,
 * narrowband, 20 ms, no codec delay), `provenance: 'estimate'`, `fallback: true` and the reason.
 * Choice per spec 3.4 (VoIPmonitor likewise falls back to its G.711 curve).
 * @param reason why no table entry applies
 */
export function fallbackCodec(encoding: string | null, reason: string): CodecEntry {
  return Object.freeze({
    id: 'unknown',
    name: encoding === null ? 'unknown codec' : `${encoding} (unknown, as G.711+PLC)`,
    aliases: Object.freeze([]),
    band: 'narrowband',
    ie: G711_IE,
    bpl: G711_PLC_BPL,
    bitrateKbps: null,
    provenance: 'estimate',
    ieProvenance: 'estimate',
    bplProvenance: 'estimate',
    source: SRC_G711_EST,
    defaultPacketTimeMs: PTIME_20_MS,
    codecDelayMs: 0,
    staticPayloadTypes: Object.freeze([]),
    fallback: true,
    reason: `${reason}; estimated with G.711+PLC parameters (Ie 0, Bpl 25.1)`,
  });
}

/**
 * Finds the table entry for an RTP encoding name (SDP rtpmap name such as 'PCMU', 'G722', 'opus',
 * 'AMR-WB'; also an entry id such as 'g723-5.3'). Case-insensitive; '/clock[/channels]' is ignored.
 * G.711 names give the PLC entry unless `options.g711Plc === false`.
 * Unknown or null encodings return {@link fallbackCodec} — flagged, never silent.
 */
export function lookupCodec(encoding: string | null, options: CodecLookupOptions = {}): CodecEntry {
  if (encoding === null || normalise(encoding) === '') return fallbackCodec(null, 'no encoding known');
  const key = normalise(encoding);
  const found = BY_NAME.get(key);
  if (found === undefined) {
    return fallbackCodec(
      encoding,
      NOT_SPEECH.has(key)
        ? `'${encoding}' is not a speech codec`
        : `encoding '${encoding}' is not in the codec table`,
    );
  }
  if (found === G711_PLC && options.g711Plc === false) return G711_NO_PLC;
  return found;
}

/**
 * Finds the entry for a static RTP payload type (RFC 3551: 0 PCMU, 3 GSM, 4 G723, 8 PCMA, 9 G722,
 * 15 G728, 18 G729, ...). Dynamic (96–127) or unassigned types return a flagged fallback, since their
 * encoding is only known from SDP.
 */
export function lookupCodecByPayloadType(payloadType: number, options: CodecLookupOptions = {}): CodecEntry {
  const known = STATIC_PAYLOAD_TYPES.get(payloadType);
  if (known === undefined) {
    return fallbackCodec(null, `payload type ${payloadType} is not static: its encoding needs SDP`);
  }
  return lookupCodec(known.encoding, options);
}
