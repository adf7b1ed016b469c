/** `callscope analyze FILE`: offline analysis of a capture file. */

import { analyzeFile } from '../engine/analyze-file.ts';
import { writeCsvReport } from '../engine/report/csv.ts';
import { renderTable } from '../engine/report/table.ts';
import { UsageError } from './usage-error.ts';

export interface AnalyzeOptions {
  json?: boolean;
  csv?: string;
  decodeAs?: string[];
  heuristics?: boolean;
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
