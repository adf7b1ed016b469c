/**
 * Live capture through the privileged helper `callscope-capture` (docs/adr/0002-capture-helper.md):
 * the helper streams pcapng on stdout and this module feeds that stream to the same
 * `CaptureStreamParser` that reads capture files, optionally teeing the exact bytes to a file.
 * Plain Node: never imports electron.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { FrameSink } from '../source/frame.ts';
import type { InterfaceStatistics } from '../source/interface-statistics.ts';
import { CaptureStreamParser } from '../source/pcap-parser.ts';
import { captureHelperPath } from './helper-path.ts';
import { listInterfaces } from './interfaces.ts';

/**
 * Default capture filter. VoIP media has no fixed ports (RTP/RTCP use whatever SDP negotiates, and
 * SIP over UDP may be on any port), so all of UDP is kept; SIP over TCP/TLS is kept on its usual ports
 * (5060, 5061 and 5080). Everything else (bulk TCP, ARP, ...) is dropped in the kernel, which keeps
 * the helper's and the parser's load down on busy links.
 */
export const DEFAULT_CAPTURE_FILTER = 'udp or (tcp and (port 5060 or port 5061 or port 5080))';

export interface LiveCaptureOptions {
  /** Interface name, as `listInterfaces()` gives it. */
  interface: string;
  /** Capture filter in pcap-filter syntax; default DEFAULT_CAPTURE_FILTER ('' captures everything). */
  filter?: string;
  /** Bytes kept per packet, 1..262144 (default 262144). */
  snapLength?: number;
  /** Kernel capture buffer in MiB, 1..1024 (default 16). */
  bufferMiB?: number;
  /** Interval between interface statistics in ms, 10..3600000 (default 1000). */
  statsIntervalMs?: number;
  /** Promiscuous mode (default false). */
  promiscuous?: boolean;
  /** Tee the exact pcapng byte stream to this file while analysing (whole blocks only). */
  writePath?: string;
}

export type CaptureErrorKind =
  | 'no-helper'
  | 'usage'
  | 'no-such-device'
  | 'permission'
  | 'bad-filter'
  | 'interface-down'
  | 'failed';

/** Why a live capture could not start or ended badly, with one line of advice. */
export class CaptureError extends Error {
  readonly kind: CaptureErrorKind;
  /** One line: what to do about it (how to grant capture rights, which interfaces exist, ...). */
  readonly hint: string;

  constructor(kind: CaptureErrorKind, message: string, hint: string) {
    super(message);
    this.name = 'CaptureError';
    this.kind = kind;
    this.hint = hint;
  }
}

/** How a capture ended. */
export interface LiveCaptureResult {
  /** 'stopped': by stop(); 'interface-down': the interface went away; 'ended': anything else. */
  reason: 'stopped' | 'interface-down' | 'ended';
  /** What went wrong, or null for a clean end. */
  error: CaptureError | null;
}

export interface LiveCaptureHandle {
  /** Resolves (never rejects) once the helper exited, its output was parsed and the tee file closed. */
  readonly done: Promise<LiveCaptureResult>;
  /** SIGTERM to the helper, then waits for its final statistics and EOF (SIGKILL after 5 s); idempotent. */
  stop(): Promise<void>;
}

const DEFAULTS = { snapLength: 262_144, bufferMiB: 16, statsIntervalMs: 1000 };
const LIMITS = {
  snapLength: [1, 262_144],
  bufferMiB: [1, 1024],
  statsIntervalMs: [10, 3_600_000],
} as const;
/** The helper writes its SHB and IDB right after opening the interface; it gets this long. */
const START_TIMEOUT_MS = 15_000;
/** After SIGTERM the helper has this long to write its final block and exit before SIGKILL. */
const STOP_TIMEOUT_MS = 5000;
/** The tail of the helper's stderr kept for error messages. */
const MAX_STDERR = 16 * 1024;
/** Exit statuses of callscope-capture (native/capture/common.h). */
const KIND_BY_STATUS = new Map<number, CaptureErrorKind>([
  [2, 'usage'],
  [3, 'no-such-device'],
  [4, 'permission'],
  [5, 'bad-filter'],
  [6, 'interface-down'],
  [7, 'failed'],
]);
const HELPER_LINE = /^callscope-capture: ([a-z-]+): (.*)$/;

/** How to get capture rights on this OS, in one line. */
function permissionHint(helper: string): string {
  switch (process.platform) {
    case 'linux':
      return `run as root, or grant the capture helper the right once: sudo setcap cap_net_raw,cap_net_admin=eip ${helper}`;
    case 'darwin':
      return "give your user read access to /dev/bpf*: install Wireshark's ChmodBPF (or join the access_bpf group), or run as root";
    case 'win32':
      return 'install Npcap without "restrict driver access to Administrators" (live capture on Windows needs an Npcap build of the helper, not available yet)';
    default:
      return 'run as root, or give your user access to the packet capture device';
  }
}

function hintFor(kind: CaptureErrorKind, options: LiveCaptureOptions, helper: string): string {
  switch (kind) {
    case 'no-helper':
      return 'build it with `npm run build:capture` (needs a C compiler and libpcap headers, e.g. apt-get install libpcap-dev build-essential), or set CALLSCOPE_CAPTURE_HELPER';
    case 'usage':
      return 'check the capture options: snap length 1-262144 bytes, buffer 1-1024 MiB, statistics every 10-3600000 ms';
    case 'no-such-device':
      return 'run `callscope interfaces` to see the interfaces';
    case 'permission':
      return permissionHint(helper);
    case 'bad-filter':
      return `check the filter's pcap-filter syntax; the default is '${DEFAULT_CAPTURE_FILTER}'`;
    case 'interface-down':
      return process.platform === 'linux'
        ? `bring it up (sudo ip link set ${options.interface} up) or choose another interface`
        : 'bring the interface up or choose another interface';
    default:
      return 'the capture helper failed; check the interface and try again';
  }
}

function headline(kind: CaptureErrorKind, options: LiveCaptureOptions): string {
  switch (kind) {
    case 'usage':
      return 'invalid capture options';
    case 'no-such-device':
      return `no capture interface '${options.interface}'`;
    case 'permission':
      return `no permission to capture on '${options.interface}'`;
    case 'bad-filter':
      return `invalid capture filter '${options.filter ?? DEFAULT_CAPTURE_FILTER}'`;
    case 'interface-down':
      return `interface '${options.interface}' is down or gone`;
    default:
      return `capture on '${options.interface}' failed`;
  }
}

function checkOptions(options: LiveCaptureOptions): void {
  const usage = (detail: string) =>
    new CaptureError('usage', `invalid capture options: ${detail}`, hintFor('usage', options, ''));
  if (typeof options.interface !== 'string' || options.interface === '' || options.interface.length > 255) {
    throw usage('the interface name must be 1 to 255 characters');
  }
  for (const key of ['snapLength', 'bufferMiB', 'statsIntervalMs'] as const) {
    const value = options[key];
    const [min, max] = LIMITS[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw usage(`${key} must be an integer from ${min} to ${max}, got ${value}`);
    }
  }
}

function helperArguments(options: LiveCaptureOptions): string[] {
  const args = [
    'capture',
    '-i',
    options.interface,
    '-s',
    String(options.snapLength ?? DEFAULTS.snapLength),
    '-B',
    String(options.bufferMiB ?? DEFAULTS.bufferMiB),
    '-S',
    String(options.statsIntervalMs ?? DEFAULTS.statsIntervalMs),
  ];
  const filter = options.filter ?? DEFAULT_CAPTURE_FILTER;
  if (filter !== '') args.push('-f', filter);
  if (options.promiscuous === true) args.push('-p');
  return args;
}

/**
 * Passes on only whole pcapng blocks, so that a file written from the stream always ends on a block
 * boundary (valid up to its last complete block), however the helper or this process stops.
 */
export class BlockAligner {
  private pending: Uint8Array = new Uint8Array(0);
  private littleEndian = true;
  /** Set when a block length makes no sense: from then on bytes pass through unaligned. */
  private broken = false;

  /** Returns the bytes of the blocks completed by `chunk` (possibly none). */
  push(chunk: Uint8Array): Uint8Array {
    if (this.broken) return chunk;
    let data = chunk;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
    }
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let pos = 0;
    while (pos + 12 <= data.length) {
      if (view.getUint32(pos, true) === 0x0a0d0d0a)
        this.littleEndian = view.getUint32(pos + 8, true) === 0x1a2b3c4d;
      const length = view.getUint32(pos + 4, this.littleEndian);
      if (length < 12 || length % 4 !== 0) {
        this.broken = true;
        this.pending = new Uint8Array(0);
        return data;
      }
      if (pos + length > data.length) break;
      pos += length;
    }
    this.pending = data.subarray(pos);
    return data.subarray(0, pos);
  }
}

type HelperProcess = ChildProcessByStdio<Writable, Readable, Readable>;

function openTee(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: 'w' });
    stream.once('open', () => {
      stream.off('error', reject);
      resolve(stream);
    });
    stream.once('error', reject);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the helper on `options.interface`; resolves once it has written its SHB and IDB (the capture
 * is running), rejects with a CaptureError when it cannot start. `onFrame` and `onStatistics` are
 * called from the stream parser (frames reuse one object, see FrameSink); an exception thrown by
 * either ends the capture with a 'failed' error.
 */
export async function startLiveCapture(
  options: LiveCaptureOptions,
  onFrame: FrameSink,
  onStatistics: (s: InterfaceStatistics) => void,
): Promise<LiveCaptureHandle> {
  checkOptions(options);
  const helper = captureHelperPath();
  if (helper === null) {
    throw new CaptureError(
      'no-helper',
      'the live-capture helper is not built',
      hintFor('no-helper', options, ''),
    );
  }
  let tee: WriteStream | null = null;
  if (options.writePath !== undefined) {
    try {
      tee = await openTee(options.writePath);
    } catch (error) {
      throw new CaptureError(
        'failed',
        `cannot write ${options.writePath}: ${errorText(error)}`,
        'choose a writable path',
      );
    }
  }
  const child: HelperProcess = spawn(helper, helperArguments(options), {
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  return new LiveCapture(options, helper, child, tee, onFrame, onStatistics).started;
}

/** One running helper process and everything fed from its output. */
class LiveCapture implements LiveCaptureHandle {
  readonly started: Promise<LiveCaptureHandle>;
  readonly done: Promise<LiveCaptureResult>;
  private resolveStarted!: (handle: LiveCaptureHandle) => void;
  private rejectStarted!: (error: CaptureError) => void;
  private resolveDone!: (result: LiveCaptureResult) => void;
  private readonly parser: CaptureStreamParser;
  private readonly aligner = new BlockAligner();
  private isStarted = false;
  private stopRequested = false;
  private exited = false;
  private stderr = '';
  /** A failure on our side (damaged stream, throwing callback, tee write): it ends the capture. */
  private streamError: CaptureError | null = null;
  private spawnError: Error | null = null;
  private teeError: CaptureError | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private readonly options: LiveCaptureOptions;
  private readonly helper: string;
  private readonly child: HelperProcess;
  private readonly tee: WriteStream | null;

  constructor(
    options: LiveCaptureOptions,
    helper: string,
    child: HelperProcess,
    tee: WriteStream | null,
    onFrame: FrameSink,
    onStatistics: (s: InterfaceStatistics) => void,
  ) {
    this.options = options;
    this.helper = helper;
    this.child = child;
    this.tee = tee;
    this.parser = new CaptureStreamParser(onFrame, onStatistics);
    this.started = new Promise((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    // An unhandled rejection must not crash the process when the caller only awaits `done` later.
    this.started.catch(() => undefined);

    child.stdin.on('error', () => undefined); // EPIPE once the helper is gone; stdin only signals our liveness
    child.stdout.on('data', (chunk: Buffer) => this.onOutput(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-MAX_STDERR);
    });
    child.once('error', (error) => {
      // Spawning failed (ENOENT, EACCES): 'close' may not follow, so finish here.
      this.spawnError = error;
      if (child.pid === undefined) void this.finish(null, null);
    });
    child.once('close', (code, signal) => void this.finish(code, signal));
    tee?.on('error', (error) => {
      this.teeError ??= new CaptureError(
        'failed',
        `writing ${this.options.writePath} failed: ${error.message}`,
        'check the disk space and the path',
      );
      child.stdout.resume();
    });
    this.startTimer = setTimeout(() => {
      if (this.isStarted) return;
      this.streamError = new CaptureError(
        'failed',
        `the capture helper did not start within ${START_TIMEOUT_MS / 1000} s`,
        hintFor('failed', options, helper),
      );
      child.kill('SIGKILL');
    }, START_TIMEOUT_MS);
  }

  stop(): Promise<void> {
    if (!this.stopRequested) {
      this.stopRequested = true;
      if (!this.exited) {
        this.child.kill('SIGTERM');
        this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      }
    }
    return this.done.then(() => undefined);
  }

  private onOutput(chunk: Buffer): void {
    const tee = this.tee;
    if (tee !== null && this.teeError === null) {
      const whole = this.aligner.push(chunk);
      if (whole.length > 0 && !tee.write(whole)) {
        // Let the helper wait (its kernel buffer absorbs the pause, drops are counted) rather than buffer here.
        this.child.stdout.pause();
        tee.once('drain', () => this.child.stdout.resume());
      }
    }
    if (this.streamError !== null) return;
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.streamError = new CaptureError(
        'failed',
        `capture on '${this.options.interface}' failed: ${errorText(error)}`,
        'the capture stream could not be processed; try again, and report it if it persists',
      );
      if (!this.exited) this.child.kill('SIGTERM');
      return;
    }
    if (!this.isStarted && this.parser.interfaces.length > 0) {
      this.isStarted = true;
      if (this.startTimer !== null) clearTimeout(this.startTimer);
      this.resolveStarted(this);
    }
  }

  /** The helper's error from its exit status and its stderr line. */
  private async helperError(
    code: number | null,
    signal: NodeJS.Signals | null,
  ): Promise<CaptureError | null> {
    if (this.spawnError !== null) {
      const kind = 'no-helper';
      return new CaptureError(
        kind,
        `cannot run the capture helper ${this.helper}: ${this.spawnError.message}`,
        hintFor(kind, this.options, this.helper),
      );
    }
    if (code === 0) return null;
    const lines = this.stderr
      .split('\n')
      .map((text) => text.trim())
      .filter((text) => text !== '');
    const line = lines.map((text) => HELPER_LINE.exec(text)).findLast((match) => match !== null);
    const kind: CaptureErrorKind = code === null ? 'failed' : (KIND_BY_STATUS.get(code) ?? 'failed');
    const last = lines.at(-1);
    const detail =
      line?.[2] ??
      (signal !== null
        ? `the capture helper was killed by ${signal}`
        : `the capture helper exited with status ${code}${last === undefined ? '' : `: ${last}`}`);
    let hint = hintFor(kind, this.options, this.helper);
    if (kind === 'no-such-device') {
      const { interfaces } = await listInterfaces();
      if (interfaces.length > 0) hint = `existing interfaces: ${interfaces.map((i) => i.name).join(', ')}`;
    }
    return new CaptureError(kind, `${headline(kind, this.options)}: ${detail}`, hint);
  }

  private async finish(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.exited) return;
    this.exited = true;
    if (this.startTimer !== null) clearTimeout(this.startTimer);
    if (this.killTimer !== null) clearTimeout(this.killTimer);
    const helperError = await this.helperError(code, signal);
    if (this.streamError === null && helperError === null) {
      try {
        this.parser.end();
      } catch (error) {
        this.streamError = new CaptureError(
          'failed',
          `capture on '${this.options.interface}' failed: ${errorText(error)}`,
          'the capture helper ended in the middle of a block',
        );
      }
    }
    await this.closeTee();
    const error = this.streamError ?? helperError ?? this.teeError;
    if (!this.isStarted) {
      // Nothing was captured: don't leave an empty or header-less file behind.
      if (this.tee !== null && this.options.writePath !== undefined) {
        await rm(this.options.writePath, { force: true }).catch(() => undefined);
      }
      this.rejectStarted(
        error ??
          new CaptureError(
            'failed',
            `capture on '${this.options.interface}' failed: the capture helper exited before starting`,
            hintFor('failed', this.options, this.helper),
          ),
      );
    }
    const reason =
      error?.kind === 'interface-down' ? 'interface-down' : this.stopRequested ? 'stopped' : 'ended';
    this.resolveDone({ reason, error });
  }

  private async closeTee(): Promise<void> {
    const tee = this.tee;
    if (tee === null) return;
    if (tee.closed) return;
    await new Promise<void>((resolve) => {
      tee.once('close', () => resolve());
      tee.end();
    });
  }
}
