/** `callscope analyze FILE`: offline analysis of a capture file. */

import { analyzeFile } from '../engine/analyze-file.ts';
import { writeCsvReport } from '../engine/report/csv.ts';
import { renderTable } from '../engine/report/table.ts';
import { DEFAULT_JITTER_BUFFER } from '../engine/track/jitter-buffer.ts';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from '../engine/track/stream-quality.ts';
import { UsageError } from './usage-error.ts';

export interface AnalyzeOptions {
  json?: boolean;
  csv?: string;
  decodeAs?: string[];
  heuristics?: boolean;
  /** false with --no-plc: G.711 scored without packet-loss concealment. */
  plc?: boolean;
  /** 'adaptive' or 'fixed'. */
  jitterBuffer?: string;
  /** Size of the fixed jitter buffer, ms (text from the command line). */
  jitterBufferMs?: string;
  /** Seconds of history per per-second MOS (text from the command line). */
  mosWindow?: string;
}

/** Parses a number option within [min, max]; a usage error otherwise. */
function numberOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new UsageError(`${name} expects a number from ${min} to ${max}, got '${text}'`);
  return value;
}

/** The quality options the command line sets. */
export function qualityOptions(options: AnalyzeOptions): Partial<QualityOptions> {
  const mode = options.jitterBuffer ?? DEFAULT_JITTER_BUFFER.mode;
  if (mode !== 'adaptive' && mode !== 'fixed') {
    throw new UsageError(`--jitter-buffer expects adaptive or fixed, got '${mode}'`);
  }
  return {
    g711Plc: options.plc ?? true,
    windowSeconds: numberOption(
      '--mos-window',
      options.mosWindow,
      DEFAULT_QUALITY_OPTIONS.windowSeconds,
      1,
      10,
    ),
    jitterBuffer: {
      ...DEFAULT_JITTER_BUFFER,
      mode,
      fixedDelayMs: numberOption(
        '--jitter-buffer-ms',
        options.jitterBufferMs,
        DEFAULT_JITTER_BUFFER.fixedDelayMs,
        10,
        1000,
      ),
    },
  };
}

const DECODE_AS = /^udp:(\d{1,5})$/;

/** Parses `udp:PORT` values of `--decode-as`. */
export function parseDecodeAs(values: readonly string[]): number[] {
  return values.map((value) => {
    const match = DECODE_AS.exec(value);
    const port = match ? Number(match[1]) : Number.NaN;
    if (!(port >= 1 && port <= 65_535)) {
      throw new UsageError(`--decode-as expects udp:PORT with PORT 1-65535, got '${value}'`);
    }
    return port;
  });
}

/** Runs the command; resolves to the process exit status (0 ok, 1 bad input). */
export async function runAnalyze(file: string, options: AnalyzeOptions): Promise<number> {
  const report = await analyzeFile(file, {
    decodeAsUdpPorts: parseDecodeAs(options.decodeAs ?? []),
    heuristics: options.heuristics ?? true,
    quality: qualityOptions(options),
  });
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderTable(report));
  if (options.csv !== undefined) {
    const written = await writeCsvReport(report, options.csv);
    if (!options.json) process.stdout.write(`CSV written: ${written.join(', ')}\n`);
  }
  if (report.error !== null) {
    process.stderr.write(`callscope: ${file}: ${report.error}\n`);
    return 1;
  }
  return 0;
}
