/**
 * `callscope generate`: seeded RTP/RTCP (and optionally SIP) traffic with known impairments,
 * written to a pcap file (`--write`) or sent live (`--to`), and its ground truth: per stream what
 * was sent, dropped, duplicated, reordered and delivered, i.e. what `callscope analyze` must find.
 */

import type { Command } from 'commander';
import { parseAddress } from '../engine/decode/address.ts';
import { CODEC_PROFILES } from '../engine/generate/codec-profiles.ts';
import type { StreamTruth, TruthTotals } from '../engine/generate/ground-truth.ts';
import {
  DEFAULT_GENERATE_OPTIONS,
  type Endpoint,
  type GenerateOptions,
  MAX_BURST_RATIO,
  MAX_CALLS,
  MAX_DURATION_S,
  MAX_JITTER_MS,
  MAX_SEED,
  MIN_DURATION_S,
  resolveGenerateOptions,
} from '../engine/generate/scenario.ts';
import { writeCapture } from '../engine/generate/write-capture.ts';
import { checkLiveEndpoints, isLocalAddress, sendLive } from '../live-sender/sender.ts';
import { UsageError } from './usage-error.ts';

/** Options of `callscope generate` as commander hands them over (strings), or from code. */
export interface GenerateCliOptions {
  /**
   * The callee side, `ADDR:PORT` (IPv6 as `[ADDR]:PORT`; PORT is call 0's RTP port). Without
   * `write` it selects live mode; with it, just the addresses in the file (default 192.0.2.2:40000).
   */
  to?: string;
  /** The caller side, `ADDR:PORT` (default 192.0.2.1:20000 in a file; live: the --to address, port 20000). */
  from?: string;
  calls?: string | number;
  /** Seconds of media per call. */
  duration?: string | number;
  codec?: string;
  /** Largest extra one-way delay per RTP packet, ms. */
  jitter?: string | number;
  /** Loss, percent. */
  loss?: string | number;
  burstRatio?: string | number;
  /** Packets held back by 1-3 packet times, percent. */
  reorder?: string | number;
  /** Packets delivered twice, percent. */
  duplicate?: string | number;
  seed?: string | number;
  withSip?: boolean;
  /** File mode: the pcap file to write. */
  write?: string;
  json?: boolean;
  /** Allow a live destination that is not an address of this host. */
  allowRemote?: boolean;
  /** Mean RTCP interval, s. */
  rtcpInterval?: string | number;
  /** One-way path delay of the file mode's model, ms. */
  pathDelay?: string | number;
  /** The callee's SIP port (the caller uses it + 2). */
  sipPort?: string | number;
  /** File mode: capture time of the start, seconds since the epoch. */
  startTime?: string | number;
}

/** What the command reports (and prints with --json). */
export interface GenerateReport {
  mode: 'file' | 'live';
  /** The file written (file mode), else null. */
  file: string | null;
  options: GenerateOptions;
  /** Where the ground truth is observed. */
  capturePoint: string;
  streams: StreamTruth[];
  totals: TruthTotals;
  /** Live mode only: how the run went. */
  live: {
    calleeLocal: boolean;
    complete: boolean;
    sendErrors: number;
    maxLateMs: number;
  } | null;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\d+$/;
const DEFAULT_LIVE_SOURCE_PORT = 20_000;
const MAX_PORT = 65_535;
const MAX_PATH_DELAY_MS = 5000;
const MAX_RTCP_INTERVAL_S = 600;
const MIN_RTCP_INTERVAL_S = 0.5;

function numberOption(
  flag: string,
  value: string | number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(Number.isFinite(number) && number >= min && number <= max)) {
    throw new UsageError(`${flag} expects a number from ${min} to ${max}, got '${String(value)}'`);
  }
  return number;
}

function integerOption(
  flag: string,
  value: string | number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : INTEGER.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(Number.isInteger(number) && number >= min && number <= max)) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got '${String(value)}'`);
  }
  return number;
}

const ENDPOINT = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/;

/** Parses `ADDR:PORT` or `[IPv6]:PORT`; a UsageError naming `flag` otherwise. */
export function parseEndpoint(flag: string, text: string): Endpoint {
  const match = ENDPOINT.exec(text.trim());
  const address = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  const parsed = address === undefined ? null : parseAddress(address);
  if (match === null || address === undefined || parsed === null || !(port >= 1 && port <= MAX_PORT)) {
    throw new UsageError(
      `${flag} expects ADDRESS:PORT (IPv6 as [ADDRESS]:PORT, port 1-65535), got '${text}'`,
    );
  }
  if (match[1] !== undefined && parsed.ipVersion !== 6) {
    throw new UsageError(`${flag}: only IPv6 addresses go in brackets, got '${text}'`);
  }
  return { address, port };
}

/** The scenario options a command line asks for (validated: UsageError), and the mode. */
export function generateOptionsFromCli(cli: GenerateCliOptions): {
  mode: 'file' | 'live';
  options: GenerateOptions;
} {
  if (cli.write === undefined && cli.to === undefined) {
    throw new UsageError('give --write FILE to write a capture, or --to ADDRESS:PORT to send live');
  }
  if (cli.write !== undefined && cli.write.trim() === '') throw new UsageError('--write expects a file name');
  const mode = cli.write !== undefined ? 'file' : 'live';
  if (mode === 'live' && cli.startTime !== undefined)
    throw new UsageError('--start-time applies to --write only');
  if (mode === 'live' && cli.pathDelay !== undefined) {
    throw new UsageError('--path-delay applies to --write only (live traffic takes the real path)');
  }
  if (mode === 'file' && cli.allowRemote) throw new UsageError('--allow-remote applies to --to only');

  const destination = cli.to === undefined ? undefined : parseEndpoint('--to', cli.to);
  let source = cli.from === undefined ? undefined : parseEndpoint('--from', cli.from);
  if (mode === 'live' && !cli.allowRemote && !isLocalAddress(destination!.address)) {
    throw new UsageError(
      `--to ${destination!.address} is not a loopback or local address: pass --allow-remote to send across a network`,
    );
  }
  if (mode === 'live' && source === undefined) {
    if (!isLocalAddress(destination!.address)) {
      throw new UsageError('--from ADDRESS:PORT is needed with a destination that is not on this host');
    }
    source = { address: destination!.address, port: DEFAULT_LIVE_SOURCE_PORT };
  }
  const codec = cli.codec;
  if (codec !== undefined && !CODEC_PROFILES.some((c) => c.name.toLowerCase() === codec.toLowerCase())) {
    throw new UsageError(
      `--codec expects one of ${CODEC_PROFILES.map((c) => c.name).join(', ')}, got '${codec}'`,
    );
  }
  const partial: Partial<GenerateOptions> = {
    calls: integerOption('--calls', cli.calls, 1, MAX_CALLS),
    durationS: numberOption('--duration', cli.duration, MIN_DURATION_S, MAX_DURATION_S),
    codec,
    jitterMs: numberOption('--jitter', cli.jitter, 0, MAX_JITTER_MS),
    lossPercent: numberOption('--loss', cli.loss, 0, 100),
    burstRatio: numberOption('--burst-ratio', cli.burstRatio, 1, MAX_BURST_RATIO),
    reorderPercent: numberOption('--reorder', cli.reorder, 0, 100),
    duplicatePercent: numberOption('--duplicate', cli.duplicate, 0, 100),
    seed: integerOption('--seed', cli.seed, 0, MAX_SEED),
    withSip: cli.withSip === true,
    destination,
    source,
    rtcpIntervalS: numberOption(
      '--rtcp-interval',
      cli.rtcpInterval,
      MIN_RTCP_INTERVAL_S,
      MAX_RTCP_INTERVAL_S,
    ),
    pathDelayMs: numberOption('--path-delay', cli.pathDelay, 0, MAX_PATH_DELAY_MS),
    sipPort: integerOption('--sip-port', cli.sipPort, 1, MAX_PORT - 2),
    startTimeSec: numberOption('--start-time', cli.startTime, 0, 0xffff_ffff),
  };
  for (const name of Object.keys(partial) as (keyof GenerateOptions)[]) {
    if (partial[name] === undefined) delete partial[name];
  }
  try {
    const options = resolveGenerateOptions(partial);
    if (mode === 'live') checkLiveEndpoints(options, cli.allowRemote === true);
    return { mode, options };
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

function capturePoint(mode: 'file' | 'live', options: GenerateOptions): string {
  if (mode === 'live') {
    return 'each receiving endpoint: datagrams are sent when the modelled network would deliver them';
  }
  const half = options.pathDelayMs / 2;
  return `middle of the path: ${options.pathDelayMs} ms one way between the endpoints, ${half} ms from each to the capture point; impairments act before it`;
}

/** Runs the command without printing; UsageError for bad options. */
export async function generate(cli: GenerateCliOptions, signal?: AbortSignal): Promise<GenerateReport> {
  const { mode, options } = generateOptionsFromCli(cli);
  if (mode === 'file') {
    const result = await writeCapture(cli.write!, options, signal === undefined ? {} : { signal });
    return {
      mode,
      file: cli.write!,
      options: result.options,
      capturePoint: capturePoint(mode, result.options),
      streams: result.streams,
      totals: result.totals,
      live: null,
    };
  }
  const result = await sendLive(options, {
    allowRemote: cli.allowRemote === true,
    ...(signal === undefined ? {} : { signal }),
  });
  return {
    mode,
    file: null,
    options: result.options,
    capturePoint: capturePoint(mode, result.options),
    streams: result.streams,
    totals: result.totals,
    live: {
      calleeLocal: result.calleeLocal,
      complete: result.complete,
      sendErrors: result.sendErrors,
      maxLateMs: result.maxLateMs,
    },
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report for people. */
export function renderGenerateReport(report: GenerateReport): string {
  const o = report.options;
  const t = report.totals;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const where = report.mode === 'file' ? `written to ${report.file}` : 'sent live';
  const lines = [
    `${plural(o.calls, 'call')} of ${o.durationS} s ${o.codec} each way (seed ${o.seed}${o.withSip ? ', with SIP' : ''}) ${where}: ${plural(t.packets, 'packet')} (${t.rtpPackets} RTP, ${t.rtcpPackets} RTCP, ${t.sipPackets} SIP)`,
    `Impairments: loss ${o.lossPercent} % (burst ratio ${o.burstRatio}), jitter 0-${o.jitterMs} ms, reorder ${o.reorderPercent} %, duplicates ${o.duplicatePercent} %`,
    `Capture point: ${report.capturePoint}`,
    '',
  ];
  const live = report.live !== null && report.streams.some((s) => s.received !== undefined);
  const header = [
    'call',
    'direction',
    'src',
    'dst',
    'SSRC',
    'PT',
    'sent',
    'dropped',
    'dup',
    'reordered',
    'delivered',
    'expected',
    'lost',
  ];
  if (live) header.push('received');
  const rows = [header];
  report.streams.forEach((s, i) => {
    const row = [
      String(Math.floor(i / 2)),
      s.direction,
      s.src,
      s.dst,
      s.ssrc,
      String(s.payloadType),
      ...[s.sent, s.dropped, s.duplicated, s.reordered, s.delivered, s.expected, s.lost].map(String),
    ];
    if (live) row.push(s.received === undefined ? '-' : String(s.received));
    rows.push(row);
  });
  const total = [
    'total',
    '',
    '',
    '',
    '',
    '',
    ...[t.sent, t.dropped, t.duplicated, t.reordered, t.delivered, t.expected, t.lost].map(String),
  ];
  if (live) total.push(String(report.streams.reduce((sum, s) => sum + (s.received ?? 0), 0)));
  rows.push(total);
  lines.push(table(rows));
  if (report.live !== null) {
    const { complete, sendErrors, maxLateMs, calleeLocal } = report.live;
    lines.push('');
    lines.push(
      `Live: ${complete ? 'complete' : 'stopped early'}, ${plural(sendErrors, 'send error')}, at most ${maxLateMs.toFixed(1)} ms late${calleeLocal ? '' : '; callee side played from the source host'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `callscope generate`; resolves to the exit status (0, or 1 when a live run was stopped early). */
export async function runGenerate(cli: GenerateCliOptions): Promise<number> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  try {
    const report = await generate(cli, controller.signal);
    process.stdout.write(cli.json ? `${JSON.stringify(report, null, 2)}\n` : renderGenerateReport(report));
    return report.live !== null && !report.live.complete ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** Adds the `generate` subcommand to the `callscope` program. */
export function registerGenerateCommand(program: Command, setStatus: (status: number) => void): void {
  const d = DEFAULT_GENERATE_OPTIONS;
  program
    .command('generate')
    .description(
      'seeded RTP/RTCP/SIP traffic with known loss, jitter, reordering and duplicates: a pcap file or live UDP, plus its ground truth',
    )
    .option('--write <file>', 'write a pcap file (nanosecond timestamps, Ethernet) as fast as possible')
    .option(
      '--to <addr:port>',
      `callee address and RTP port of call 0; without --write: send live there (loopback or local; file default ${d.destination.address}:${d.destination.port})`,
    )
    .option(
      '--from <addr:port>',
      `caller address and RTP port of call 0 (file default ${d.source.address}:${d.source.port}; live default: the --to address, port ${DEFAULT_LIVE_SOURCE_PORT})`,
    )
    .option(
      '--calls <n>',
      `calls, 1-${MAX_CALLS} (default ${d.calls}); call k uses ports PORT + 2k (RTP) and + 1 (RTCP)`,
    )
    .option('--duration <s>', `seconds of media per call (default ${d.durationS})`)
    .option('--codec <name>', `${CODEC_PROFILES.map((c) => c.name).join(', ')} (default ${d.codec})`)
    .option(
      '--jitter <ms>',
      `extra one-way delay per RTP packet, uniform 0..ms, at most ${MAX_JITTER_MS} (default 0)`,
    )
    .option('--loss <percent>', 'RTP packets dropped, percent (default 0)')
    .option('--burst-ratio <r>', 'burst ratio of the Gilbert loss model, >= 1 (1 = random loss; default 1)')
    .option('--reorder <percent>', 'RTP packets held back by 1-3 packet times, percent (default 0)')
    .option('--duplicate <percent>', 'RTP packets delivered twice, percent (default 0)')
    .option(
      '--seed <n>',
      `seed of every random choice, 0-${MAX_SEED} (default ${d.seed}): same seed, same bytes`,
    )
    .option('--with-sip', 'set each call up with SIP over UDP and SDP (INVITE ... BYE)')
    .option('--rtcp-interval <s>', `mean interval between RTCP sender reports (default ${d.rtcpIntervalS})`)
    .option(
      '--path-delay <ms>',
      `--write: one-way delay between the endpoints; the capture sits midway (default ${d.pathDelayMs})`,
    )
    .option('--sip-port <port>', `SIP port of the callee; the caller uses it + 2 (default ${d.sipPort})`)
    .option(
      '--start-time <s>',
      `--write: capture time of the start, seconds since 1970 (default ${d.startTimeSec})`,
    )
    .option('--allow-remote', 'allow a --to address that is not on this host (sends across a real network)')
    .option('--json', 'print the ground truth as one JSON document')
    .action(async (options: GenerateCliOptions) => {
      setStatus(await runGenerate(options));
    });
}
