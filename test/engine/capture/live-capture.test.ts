/**
 * Live capture through the real helper, as root: on lo, and on a veth pair into a network namespace
 * this file creates and removes (the kernel here has no `dummy` module; a veth whose peer lives in
 * our own namespace gives the same "interface disappears" event and a real receiver for the traffic).
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_HELPER_ENV, captureHelperPath } from '../../../electron/engine/capture/helper-path.ts';
import {
  BlockAligner,
  CaptureError,
  type LiveCaptureResult,
  startLiveCapture,
} from '../../../electron/engine/capture/live-capture.ts';
import { readCaptureFile } from '../../../electron/engine/source/capture-file.ts';
import type { InterfaceStatistics } from '../../../electron/engine/source/interface-statistics.ts';
import { CaptureStreamParser } from '../../../electron/engine/source/pcap-parser.ts';
import { concat, copyFrame, epb, type FrameCopy, idb, shb, tsresol } from '../source/capture-bytes.ts';

const isRoot = process.getuid?.() === 0;
const helper = captureHelperPath();
const isLinux = process.platform === 'linux';
const canRun = isRoot && helper !== null && isLinux;
if (!canRun) {
  console.warn(
    `NOTICE: live capture tests skipped (root: ${isRoot}, linux: ${isLinux}, capture helper: ${helper ?? 'not built: npm run build:capture'})`,
  );
}

const ETHERNET = 1;
/** Ethernet + IPv4 (no options) + UDP headers on lo. */
const UDP_PAYLOAD_OFFSET = 14 + 20 + 8;
const UDP_DST_PORT_OFFSET = 14 + 20 + 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms)),
  ]);
}

/** Sends `count` datagrams whose payload is their index from `first` (u32 BE) plus 16 bytes, one by one. */
async function sendDatagrams(
  socket: dgram.Socket,
  address: string,
  port: number,
  count: number,
  first = 0,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(20, 0x5a);
    payload.writeUInt32BE(first + i, 0);
    await new Promise<void>((resolve, reject) =>
      socket.send(payload, port, address, (error) => (error ? reject(error) : resolve())),
    );
  }
}

const u16be = (bytes: number[], at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const u32be = (bytes: number[], at: number) => u16be(bytes, at) * 0x10000 + u16be(bytes, at + 2);
const timeMs = (f: { tsSec: number; tsNsec: number }) => f.tsSec * 1000 + f.tsNsec / 1e6;

function ip(args: string[], allowFailure = false): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0 && !allowFailure)
    throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error}`);
}

/** Collects frames (copied) and statistics of a capture. */
function collector() {
  const frames: FrameCopy[] = [];
  const stats: InterfaceStatistics[] = [];
  return {
    frames,
    stats,
    onFrame: (f: Parameters<typeof copyFrame>[0]) => frames.push(copyFrame(f)),
    onStats: (s: InterfaceStatistics) => stats.push(s),
  };
}

describe.skipIf(!canRun)('live capture on lo', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'callscope-live-'));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('captures exactly the filtered datagrams with kernel timestamps, statistics and a tee file', async () => {
    const { frames, stats, onFrame, onStats } = collector();
    const writePath = join(folder, 'lo.pcapng');
    const started = Date.now();
    const handle = await startLiveCapture(
      { interface: 'lo', filter: 'udp port 45454', writePath, statsIntervalMs: 200, bufferMiB: 64 },
      onFrame,
      onStats,
    );
    const socket = dgram.createSocket('udp4');
    try {
      // Paced like media, in bursts of 10. On lo (MTU 65536) libpcap's immediate-mode ring has a 64 KiB
      // slot per frame (16 MiB: 256 slots, measured), and each datagram takes two slots there (outgoing +
      // incoming): hence 64 MiB, so that even a stalled helper drops none of the 400.
      for (let burst = 0; burst < 20; burst++) {
        await sendDatagrams(socket, '127.0.0.1', 45454, 10, burst * 10);
        await sendDatagrams(socket, '127.0.0.1', 45455, 3); // not matched by the filter
        await sleep(5);
      }
      expect(await waitFor(() => frames.length >= 200, 5000)).toBe(true);
    } finally {
      socket.close();
    }
    await handle.stop();
    const finished = Date.now();
    expect(await handle.done).toEqual({ reason: 'stopped', error: null });
    await handle.stop(); // idempotent

    expect(frames).toHaveLength(200);
    for (const [i, frame] of frames.entries()) {
      expect(frame.linkType).toBe(ETHERNET);
      expect(u16be(frame.bytes, UDP_DST_PORT_OFFSET)).toBe(45454);
      expect(u32be(frame.bytes, UDP_PAYLOAD_OFFSET)).toBe(i);
      expect(timeMs(frame)).toBeGreaterThanOrEqual(started - 1);
      expect(timeMs(frame)).toBeLessThanOrEqual(finished + 1);
      const previous = frames[i - 1];
      if (previous !== undefined) expect(timeMs(frame)).toBeGreaterThanOrEqual(timeMs(previous));
    }
    expect(stats.length).toBeGreaterThanOrEqual(1);
    expect(stats.some((s) => (s.received ?? 0) >= 200 && s.osDropped === 0)).toBe(true);
    const last = stats.at(-1);
    expect(last).toMatchObject({ interfaceId: 0, delivered: 200, osDropped: 0 });
    expect(timeMs(last!)).toBeGreaterThanOrEqual(started - 1);
    expect(timeMs(last!)).toBeLessThanOrEqual(finished + 1);

    // The tee file is the same stream: the same 200 frames with identical timestamps and bytes.
    const fromFile: FrameCopy[] = [];
    const summary = await readCaptureFile(writePath, (f) => fromFile.push(copyFrame(f)));
    expect(summary.format).toBe('pcapng');
    expect(summary.interfaces).toEqual([{ linkType: ETHERNET, snapLength: 262_144, tsUnitsPerSecond: 1e9 }]);
    const essentials = (f: FrameCopy) => [f.tsSec, f.tsNsec, f.linkType, f.originalLength, f.bytes];
    expect(fromFile.map(essentials)).toEqual(frames.map(essentials));
  });

  it('reports statistics about once a second even without traffic', async () => {
    const { frames, stats, onFrame, onStats } = collector();
    const handle = await startLiveCapture({ interface: 'lo', filter: 'udp port 45457' }, onFrame, onStats);
    await sleep(2500);
    const beforeStop = stats.length;
    await handle.stop();
    expect(frames).toHaveLength(0);
    expect(beforeStop).toBeGreaterThanOrEqual(2);
    expect(stats).toHaveLength(beforeStop + 1); // plus the final one
    const gap = timeMs(stats[1]!) - timeMs(stats[0]!);
    expect(gap).toBeGreaterThan(500);
    expect(gap).toBeLessThan(1600);
    expect(stats.every((s) => s.delivered === 0 && s.osDropped === 0)).toBe(true);
  });

  it('keeps the tee file valid up to the last whole block when the helper is killed mid-stream', async () => {
    // A wrapper records the helper's pid (exec keeps it) so the test can SIGKILL it.
    const pidFile = join(folder, 'helper.pid');
    const wrapper = join(folder, 'record-pid.sh');
    writeFileSync(wrapper, `#!/bin/sh\necho $$ > '${pidFile}'\nexec '${helper}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const saved = process.env[CAPTURE_HELPER_ENV];
    process.env[CAPTURE_HELPER_ENV] = wrapper;
    const { frames, onFrame, onStats } = collector();
    const writePath = join(folder, 'killed.pcapng');
    let done: LiveCaptureResult;
    try {
      const handle = await startLiveCapture(
        { interface: 'lo', filter: 'udp port 45460', writePath },
        onFrame,
        onStats,
      );
      const socket = dgram.createSocket('udp4');
      const sending = sendDatagrams(socket, '127.0.0.1', 45460, 3000);
      await waitFor(() => frames.length >= 100, 5000);
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      await sending;
      socket.close();
      done = await withTimeout(handle.done, 5000, 'done after SIGKILL');
    } finally {
      if (saved === undefined) delete process.env[CAPTURE_HELPER_ENV];
      else process.env[CAPTURE_HELPER_ENV] = saved;
    }
    expect(done.reason).toBe('ended');
    expect(done.error?.kind).toBe('failed');
    expect(done.error?.message).toMatch(/SIGKILL/);
    const fromFile: FrameCopy[] = [];
    await readCaptureFile(writePath, (f) => fromFile.push(copyFrame(f))); // would throw on a cut block
    expect(fromFile.length).toBeGreaterThanOrEqual(100);
    expect(fromFile.length).toBeLessThanOrEqual(frames.length);
  });

  it("fails with 'no-such-device' and lists the existing interfaces", async () => {
    const error = await startLiveCapture(
      { interface: 'nonexistent0' },
      () => {},
      () => {},
    ).catch((e) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error.kind).toBe('no-such-device');
    expect(error.message).toMatch(/nonexistent0/);
    expect(error.hint).toMatch(/^existing interfaces: .*\blo\b/);
  });

  it("fails with 'bad-filter' and libpcap's message, leaving no tee file", async () => {
    const writePath = join(folder, 'bad-filter.pcapng');
    const error = await startLiveCapture(
      { interface: 'lo', filter: 'udp portt 5', writePath },
      () => {},
      () => {},
    ).catch((e) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error.kind).toBe('bad-filter');
    expect(error.message).toMatch(/udp portt 5/);
    expect(error.message).toMatch(/syntax error/);
    expect(existsSync(writePath)).toBe(false);
  });

  const dropTool = ['setpriv', 'runuser'].find((tool) => spawnSync(tool, ['--version']).status === 0);
  it.skipIf(dropTool === undefined)(
    "fails with 'permission' as an unprivileged user, hinting at setcap",
    async () => {
      // A copy of the helper without capabilities, run as nobody through a wrapper.
      const dir = mkdtempSync(join(tmpdir(), 'callscope-nobody-'));
      chmodSync(dir, 0o755);
      const copy = join(dir, 'callscope-capture');
      copyFileSync(helper!, copy);
      chmodSync(copy, 0o755);
      const drop =
        dropTool === 'setpriv'
          ? 'setpriv --reuid=65534 --regid=65534 --clear-groups'
          : 'runuser -u nobody --';
      const wrapper = join(dir, 'as-nobody.sh');
      writeFileSync(wrapper, `#!/bin/sh\nexec ${drop} '${copy}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      const saved = process.env[CAPTURE_HELPER_ENV];
      process.env[CAPTURE_HELPER_ENV] = wrapper;
      try {
        const error = await startLiveCapture(
          { interface: 'lo' },
          () => {},
          () => {},
        ).catch((e) => e);
        expect(error).toBeInstanceOf(CaptureError);
        expect(error.kind).toBe('permission');
        expect(error.message).toMatch(/Operation not permitted/);
        expect(error.hint).toMatch(/setcap cap_net_raw,cap_net_admin=eip/);
      } finally {
        if (saved === undefined) delete process.env[CAPTURE_HELPER_ENV];
        else process.env[CAPTURE_HELPER_ENV] = saved;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe.skipIf(!canRun)('live capture on an interface that goes away', () => {
  const IFACE = 'cs-test0';
  const PEER = 'cs-test1';
  const NETNS = 'cs-test-ns';
  // RFC 2544 benchmarking addresses: nothing else on the machine uses them.
  const LOCAL = '198.18.203.1';
  const REMOTE = '198.18.203.2';

  const cleanUp = () => {
    ip(['link', 'delete', IFACE], true);
    ip(['netns', 'delete', NETNS], true);
  };
  beforeAll(() => {
    cleanUp();
    ip(['netns', 'add', NETNS]);
    ip(['link', 'add', IFACE, 'type', 'veth', 'peer', 'name', PEER, 'netns', NETNS]);
    ip(['addr', 'add', `${LOCAL}/30`, 'dev', IFACE]);
    ip(['-n', NETNS, 'addr', 'add', `${REMOTE}/30`, 'dev', PEER]);
    ip(['-n', NETNS, 'link', 'set', PEER, 'up']);
  });
  afterAll(cleanUp);

  it("refuses a down interface with 'interface-down', then keeps the frames captured before it disappears", async () => {
    const refused = await startLiveCapture(
      { interface: IFACE },
      () => {},
      () => {},
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(CaptureError);
    expect(refused.kind).toBe('interface-down');

    ip(['link', 'set', IFACE, 'up']);
    const { frames, stats, onFrame, onStats } = collector();
    const handle = await startLiveCapture({ interface: IFACE, filter: 'udp port 45458' }, onFrame, onStats);
    const socket = dgram.createSocket('udp4');
    try {
      await sendDatagrams(socket, REMOTE, 45458, 20);
      expect(await waitFor(() => frames.length >= 20, 5000)).toBe(true);
    } finally {
      socket.close();
    }
    ip(['link', 'delete', IFACE]);
    const done = await withTimeout(handle.done, 5000, 'done after the interface was deleted');
    expect(done.reason).toBe('interface-down');
    expect(done.error?.kind).toBe('interface-down');
    expect(done.error?.message).toMatch(/disappeared|went down/);
    expect(frames).toHaveLength(20);
    expect(frames.map((f) => u32be(f.bytes, UDP_PAYLOAD_OFFSET))).toEqual([...Array(20).keys()]);
    expect(stats.at(-1)?.delivered).toBe(20);
    await handle.stop(); // after the end: resolves at once
  });
});

describe.skipIf(!canRun)('callscope-capture itself', () => {
  it('stops cleanly (final statistics, exit 0) when its stdin closes', async () => {
    const child = spawn(helper!, ['capture', '-i', 'lo', '-f', 'udp port 45459'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stats: InterfaceStatistics[] = [];
    const parser = new CaptureStreamParser(
      () => {},
      (s) => stats.push(s),
    );
    child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    expect(await waitFor(() => parser.interfaces.length === 1, 5000)).toBe(true);
    const closedAt = Date.now();
    child.stdin.end(); // what happens when the parent dies
    const code = await withTimeout(exit, 2000, 'helper exit after stdin EOF').catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
    expect(code).toBe(0);
    expect(Date.now() - closedAt).toBeLessThan(2000);
    expect(stats.length).toBeGreaterThanOrEqual(1);
    expect(() => parser.end()).not.toThrow();
  });

  it('exits quietly when its stdout is closed', async () => {
    const child = spawn(helper!, ['capture', '-i', 'lo', '-f', 'udp port 45461', '-S', '50'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy(); // the next statistics block hits EPIPE
    const code = await withTimeout(exit, 2000, 'helper exit after stdout closed').catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('reports usage errors with status 2 and one line', () => {
    const result = spawnSync(helper!, ['capture', '-i', 'lo', '-s', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^callscope-capture: usage: -s must be an integer from 1 to 262144, got '0'\n$/,
    );
  });
});

describe('startLiveCapture without the helper or with bad options (no root needed)', () => {
  it("fails with 'usage' for out-of-range options without starting the helper", async () => {
    const error = await startLiveCapture(
      { interface: 'lo', snapLength: 0 },
      () => {},
      () => {},
    ).catch((e) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error.kind).toBe('usage');
  });

  it("fails with 'no-helper' when the helper is missing", async () => {
    const saved = process.env[CAPTURE_HELPER_ENV];
    process.env[CAPTURE_HELPER_ENV] = '/nonexistent/callscope-capture';
    try {
      const error = await startLiveCapture(
        { interface: 'lo' },
        () => {},
        () => {},
      ).catch((e) => e);
      expect(error).toBeInstanceOf(CaptureError);
      expect(error.kind).toBe('no-helper');
      expect(error.hint).toMatch(/build:capture/);
    } finally {
      if (saved === undefined) delete process.env[CAPTURE_HELPER_ENV];
      else process.env[CAPTURE_HELPER_ENV] = saved;
    }
  });
});

describe('BlockAligner', () => {
  it('passes on only whole blocks, whatever the chunking', () => {
    const stream = concat(
      shb('be'),
      idb('be', ETHERNET, 0, [tsresol('be', 9)]),
      epb('be', { timestamp: 1n, data: [1, 2, 3, 4, 5] }),
      epb('be', { timestamp: 2n, data: [6] }),
    );
    const boundaries = new Set([0]);
    for (const part of [
      shb('be'),
      idb('be', ETHERNET, 0, [tsresol('be', 9)]),
      epb('be', { timestamp: 1n, data: [1, 2, 3, 4, 5] }),
    ]) {
      boundaries.add([...boundaries].at(-1)! + part.length);
    }
    boundaries.add(stream.length);
    for (const chunkSize of [1, 3, 7, 64, stream.length]) {
      const aligner = new BlockAligner();
      let written = 0;
      for (let at = 0; at < stream.length; at += chunkSize) {
        const out = aligner.push(stream.subarray(at, at + chunkSize));
        expect(out).toEqual(stream.subarray(written, written + out.length));
        written += out.length;
        expect(boundaries.has(written)).toBe(true);
      }
      expect(written).toBe(stream.length);
    }
  });
});
