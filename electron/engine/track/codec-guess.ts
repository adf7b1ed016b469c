/**
 * A guess at the codec of a stream whose payload type nobody named (a dynamic type without SDP),
 * from what the packets show (emodel.md §4.1): the RTP clock is the typical timestamp step over the
 * usual packet time nearest to the typical arrival gap, snapped to the nearest standard clock; the bit rate per millisecond of audio then tells common
 * narrowband codecs apart (160 bytes per 20 ms at 8 kHz is G.711, 20 bytes is G.729, ...). Every guess
 * says why, and reports flag it as a guess.
 */

/** A guessed codec. */
export interface CodecGuess {
  /** Encoding name as SDP would write it, or null when only the clock could be told. */
  encoding: string | null;
  /** The standard RTP clock nearest to the measured one, Hz. */
  clockRateHz: number;
  /** True for a 90 kHz (video) clock. */
  video: boolean;
  /** Why: the measured figures behind the guess. */
  reason: string;
}

/** Standard RTP clocks a measured one is snapped to, Hz. */
const STANDARD_CLOCKS_HZ = [8000, 16_000, 32_000, 44_100, 48_000, 90_000] as const;
/** How far (fraction) a measured clock may be from a standard one. */
const CLOCK_TOLERANCE = 0.15;
/** Packets with consecutive numbers needed before guessing. */
const MIN_SAMPLES = 10;
const VIDEO_CLOCK_HZ = 90_000;

/** Payload bytes per ms of audio at 8 kHz, and the codec they point to (RFC 3551 and codec specs). */
const NARROWBAND_RATES: readonly [bytesPerMs: number, encoding: string][] = [
  [8, 'PCMU'], // G.711: 64 kbit/s; A-law and µ-law look the same on the wire (same Ie)
  [4, 'G726-32'],
  [1.9, 'iLBC'], // 38 bytes per 20 ms (15.2 kbit/s)
  [50 / 30, 'iLBC'], // 50 bytes per 30 ms (13.33 kbit/s)
  [1.65, 'GSM'], // 33 bytes per 20 ms
  [1, 'G729'], // 10 bytes per 10 ms
];
/** Payload sizes are whole bytes per frame, so the rates match closely or not at all. */
const RATE_TOLERANCE = 0.005;

/** Samples kept at most (the first ones of the stream). */
const MAX_SAMPLES = 256;

/** Packet times in common use, ms. */
const USUAL_PACKET_TIMES_MS = [10, 20, 30, 40, 60];

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Steps between consecutive packets of one payload type, kept by the stream (bounded). */
export class CodecEvidence {
  readonly #units: number[] = [];
  readonly #arrivalsMs: number[] = [];
  timestampUnits = 0;
  payloadBytes = 0;

  get samples(): number {
    return this.#units.length;
  }

  /** Adds the step between two consecutive packets (sequence + 1, no marker). */
  add(timestampUnits: number, arrivalMs: number, payloadBytes: number): void {
    if (!(arrivalMs >= 0) || timestampUnits <= 0 || this.#units.length >= MAX_SAMPLES) return;
    this.#units.push(timestampUnits);
    this.#arrivalsMs.push(arrivalMs);
    this.timestampUnits += timestampUnits;
    this.payloadBytes += payloadBytes;
  }

  /**
   * The RTP clock the steps suggest, Hz: the typical timestamp step (median) divided by the usual
   * packet time (10, 20, 30, 40 or 60 ms) nearest to the typical arrival gap (median of the non-zero
   * gaps). Medians keep bursts and pauses in arrival out; the packet time rounding keeps the clock
   * from drifting with them.
   */
  clockHz(): number {
    const typicalUnits = median(this.#units);
    const typicalMs = median(this.#arrivalsMs.filter((ms) => ms > 0));
    if (typicalMs === 0) return 0;
    const packetTimeMs = USUAL_PACKET_TIMES_MS.reduce((best, ms) =>
      Math.abs(ms - typicalMs) < Math.abs(best - typicalMs) ? ms : best,
    );
    return (typicalUnits / packetTimeMs) * 1000;
  }
}

/** The guess the evidence supports, or null when it doesn't support any. */
export function guessCodec(evidence: CodecEvidence): CodecGuess | null {
  if (evidence.samples < MIN_SAMPLES) return null;
  const measuredHz = evidence.clockHz();
  const nearest = STANDARD_CLOCKS_HZ.reduce<number>(
    (best, clock) => (Math.abs(measuredHz - clock) < Math.abs(measuredHz - best) ? clock : best),
    STANDARD_CLOCKS_HZ[0],
  );
  if (Math.abs(measuredHz - nearest) > nearest * CLOCK_TOLERANCE) return null;
  const clockRateHz = nearest;
  const audioMs = (evidence.timestampUnits / clockRateHz) * 1000;
  const bytesPerMs = evidence.payloadBytes / audioMs;
  const measured = `timestamp advance ${Math.round(measuredHz)} units/s, ${bytesPerMs.toFixed(2)} payload bytes per ms of audio`;
  if (clockRateHz === VIDEO_CLOCK_HZ) {
    return { encoding: null, clockRateHz, video: true, reason: `${measured}: a 90 kHz video clock` };
  }
  let encoding: string | null = null;
  if (clockRateHz === 8000) {
    encoding =
      NARROWBAND_RATES.find(([rate]) => Math.abs(bytesPerMs - rate) <= rate * RATE_TOLERANCE)?.[1] ?? null;
  } else if (clockRateHz === 48_000) {
    encoding = 'opus'; // the only common speech codec on a 48 kHz RTP clock (RFC 7587)
  }
  return {
    encoding,
    clockRateHz,
    video: false,
    reason: `${measured}: ${encoding === null ? `a ${clockRateHz} Hz clock, codec unknown` : `looks like ${encoding}`}`,
  };
}
