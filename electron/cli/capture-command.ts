/** `callscope capture` and `callscope interfaces`: live capture from a network interface. */

import type { Command } from 'commander';
import type { LiveSnapshot } from '../../shared/snapshot.ts';
import { listInterfaces } from '../engine/capture/interfaces.ts';
import { CaptureError, DEFAULT_CAPTURE_FILTER } from '../engine/capture/live-capture.ts';
import { CaptureSession, type Clock } from '../engine/live/capture-session.ts';
import { writeCsvReport } from '../engine/report/csv.ts';
import { renderTable } from '../engine/report/table.ts';
import { type AnalyzeOptions, qualityOptions } from './analyze-command.ts';
import { UsageError } from './usage-error.ts';

/**
 * Kernel buffer for a live capture, MiB. In immediate mode libpcap gives each frame a slot the size
 * of the snap length or the MTU: on `lo` (MTU 65536) 16 MiB holds only ~256 frames, so the CLI asks
 * for 64 MiB.
 */
const DEFAULT_BUFFER_MIB = 64;
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const MS_PER_S = 1000;
const NS_PER_MS = 1e6;

/** The wall clock, read here at the edge (the engine never reads one). */
export const systemClock: Clock = {
  now() {
    const ms = Date.now();
    return { sec: Math.floor(ms / MS_PER_S), nsec: (ms % MS_PER_S) * NS_PER_MS };
  },
};

interface CaptureOptions extends AnalyzeOptions {
  interface: string;
  filter?: string;
  duration?: string;
  write?: string;
  snaplen?: string;
  buffer?: string;
  idleTimeout?: string;
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new UsageError(`${name} expects a whole number from ${min} to ${max}, got '${text}'`);
  return value;
}

/** One line for people per second: the capture health and the worst stream right now. */
export function snapshotLine(snapshot: LiveSnapshot): string {
  const h = snapshot.health;
  const active = snapshot.streams.filter((s) => !s.ended);
  const rated = active.filter((s) => s.second?.mos != null);
  const worst = rated.sort((a, b) => a.second!.mos! - b.second!.mos!)[0];
  const worstText =
    worst === undefined
      ? ''
      : ` | worst ${worst.ssrc} ${worst.src} > ${worst.dst} MOS ${worst.second!.mos!.toFixed(2)} loss ${worst.second!.lossPercent.toFixed(1)}% jitter ${(worst.second!.jitterMs ?? 0).toFixed(2)} ms${worst.second!.qualityFlags.includes('capture-loss') ? ' (capture loss)' : ''}`;
  const drops = (h.kernelDropped ?? 0) + (h.interfaceDropped ?? 0);
  return `${snapshot.time.slice(11, 19)} ${h.interface} ${h.packetsPerSecond} pkt/s, ${h.packetsSeen} seen, ${drops} dropped by capture | ${active.length} stream(s), ${snapshot.calls.length} call(s)${worstText}`;
}

/** Runs a live capture until --duration, Ctrl-C, or the interface going down; returns the exit status. */
export async function runCapture(options: CaptureOptions): Promise<number> {
  const durationS = integer('--duration', options.duration, 1, 7 * 24 * 3600);
  const snapLength = integer('--snaplen', options.snaplen, 64, 262_144);
  const bufferMiB = integer('--buffer', options.buffer, 1, 1024) ?? DEFAULT_BUFFER_MIB;
  const idleTimeoutS = integer('--idle-timeout', options.idleTimeout, 1, 24 * 3600);
  const quality = qualityOptions(options);
  let session: CaptureSession;
  try {
    session = await CaptureSession.start(
      {
        interface: options.interface,
        filter: options.filter ?? DEFAULT_CAPTURE_FILTER,
        ...(snapLength === undefined ? {} : { snapLength }),
        bufferMiB,
        ...(options.write === undefined ? {} : { writePath: options.write }),
        analyzer: {
          decodeAsUdpPorts: [],
          heuristics: options.heuristics ?? true,
          quality,
          ...(idleTimeoutS === undefined ? {} : { idleTimeoutS }),
        },
      },
      systemClock,
      (snapshot) => {
        process.stdout.write(options.json ? `${JSON.stringify(snapshot)}\n` : `${snapshotLine(snapshot)}\n`);
      },
    );
  } catch (error) {
    if (error instanceof CaptureError) {
      process.stderr.write(`callscope: ${error.message}\n${error.hint ? `callscope: ${error.hint}\n` : ''}`);
      return EXIT_FAILED;
    }
    throw error;
  }
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = durationS === undefined ? null : setTimeout(stop, durationS * MS_PER_S);
  const { report, reason } = await session.result;
  if (timer !== null) clearTimeout(timer);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(renderTable(report));
  if (options.csv !== undefined) {
    const written = await writeCsvReport(report, options.csv);
    if (!options.json) process.stdout.write(`CSV written: ${written.join(', ')}\n`);
  }
  if (options.write !== undefined && !options.json)
    process.stdout.write(`Capture written: ${options.write}\n`);
  if (reason === 'interface-down' || report.error !== null) {
    process.stderr.write(`callscope: capture on ${options.interface} ended: ${report.error ?? reason}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}

/** Lists the interfaces a capture can use. */
export async function runInterfaces(options: { json?: boolean }): Promise<number> {
  const { interfaces, source } = await listInterfaces();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ source, interfaces }, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const i of interfaces) {
    const flags = [i.up ? 'up' : 'down', i.running ? 'running' : null, i.loopback ? 'loopback' : null].filter(
      Boolean,
    );
    const addresses = i.addresses.map((a) => a.address).join(', ');
    process.stdout.write(`${i.name.padEnd(16)} ${flags.join(',').padEnd(22)} ${addresses}\n`);
  }
  if (source === 'os')
    process.stdout.write('(listed from the operating system: the capture helper is not built)\n');
  return EXIT_OK;
}

/** Adds `capture` and `interfaces` to the program. */
export function registerCaptureCommands(program: Command, setStatus: (status: number) => void): void {
  program
    .command('capture')
    .description(
      'capture live from a network interface: per-second figures while it runs, the full report at the end',
    )
    .requiredOption('-i, --interface <name>', 'interface to capture on (see: callscope interfaces)')
    .option('-f, --filter <bpf>', `capture filter (default: ${DEFAULT_CAPTURE_FILTER})`)
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)')
    .option('-w, --write <file.pcapng>', 'also write everything captured to this pcapng file')
    .option('--json', 'one JSON object per second (newline-delimited), then the final report')
    .option('--csv <dir>', 'write streams.csv, seconds.csv and calls.csv at the end')
    .option('--snaplen <bytes>', 'snap length (default: 262144)')
    .option('--buffer <MiB>', `kernel capture buffer, 1-1024 (default: ${DEFAULT_BUFFER_MIB})`)
    .option('--idle-timeout <s>', 'end a stream silent this long (default: 60)')
    .option('--no-heuristics', 'only RTP announced by SIP/SDP')
    .option('--no-plc', 'score G.711 without packet-loss concealment')
    .option('--jitter-buffer <mode>', 'emulated receiver buffer: adaptive or fixed')
    .option('--jitter-buffer-ms <ms>', 'size of the fixed jitter buffer, ms')
    .option('--mos-window <s>', 'seconds of history behind each per-second MOS, 1-10')
    .action(async (options: CaptureOptions) => {
      setStatus(await runCapture(options));
    });
  program
    .command('interfaces')
    .description('list the network interfaces with their addresses and flags')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      setStatus(await runInterfaces(options));
    });
}
