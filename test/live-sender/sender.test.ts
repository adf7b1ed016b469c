/**
 * Live mode on loopback (and, where the test may create one, inside a network namespace): the
 * generator sends 2 calls for 2 s, stops by itself, and what its receiving sockets got per stream
 * equals the ground truth; a tcpdump capture of the same run, analysed, agrees too. Destinations
 * off this host are refused without `allowRemote`. All traffic stays on loopback or inside the
 * namespace this test creates.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { isLocalAddress, type LiveResult, sendLive } from '../../electron/live-sender/sender.ts';
import { tempFolder } from '../helpers/temp-files.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const isRoot = process.getuid?.() === 0;
const haveTcpdump = isRoot && spawnSync('tcpdump', ['--version']).status === 0;

/** A base port with `count` free UDP ports from it on 127.0.0.1 (checked by binding them). */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 2 * Math.floor((30_000 + Math.random() * 25_000) / 2);
    const sockets = Array.from({ length: count }, () => createSocket('udp4'));
    const results = await Promise.all(
      sockets.map(
        (socket, i) =>
          new Promise<boolean>((done) => {
            socket.once('error', () => done(false));
            socket.bind({ address: '127.0.0.1', port: base + i, exclusive: true }, () => done(true));
          }),
      ),
    );
    await Promise.all(sockets.map((s) => new Promise<void>((done) => s.close(() => done())).catch(() => {})));
    if (results.every(Boolean)) return base;
  }
  throw new Error('no free port range on 127.0.0.1');
}

/** Starts tcpdump on lo for UDP ports [from, to] and resolves once it listens. */
function startTcpdump(file: string, from: number, to: number): Promise<ChildProcess> {
  const child = spawn(
    'tcpdump',
    ['-i', 'lo', '-n', '-U', '-Z', 'root', '-w', file, 'udp', 'and', 'portrange', `${from}-${to}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((ready, fail) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('listening on')) ready(child);
    });
    child.once('exit', (code) => fail(new Error(`tcpdump exited (${code}): ${text}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

describe('live mode on loopback', async () => {
  const calls = 2;
  const base = await freePorts(4 * calls + 3);
  const capture = join(tempFolder(), 'live.pcap');
  const tcpdump = haveTcpdump ? await startTcpdump(capture, base, base + 4 * calls + 2) : null;
  const started = performance.now();
  let result: LiveResult;
  try {
    result = await sendLive({
      calls,
      durationS: 2,
      withSip: true,
      lossPercent: 5,
      duplicatePercent: 3,
      reorderPercent: 3,
      jitterMs: 20,
      rtcpIntervalS: 0.5,
      source: { address: '127.0.0.1', port: base },
      destination: { address: '127.0.0.1', port: base + 2 * calls },
      sipPort: base + 4 * calls,
      seed: 7,
    });
  } finally {
    if (tcpdump !== null) {
      await new Promise((done) => setTimeout(done, 300));
      await stop(tcpdump);
    }
  }
  const elapsedS = (performance.now() - started) / 1000;

  it('stops by itself after the media and the BYE', () => {
    expect(result.complete).toBe(true);
    expect(result.sendErrors).toBe(0);
    expect(elapsedS).toBeGreaterThan(2);
    expect(elapsedS).toBeLessThan(6);
    expect(result.calleeLocal).toBe(true);
    expect(result.options.pathDelayMs).toBe(0);
  });

  it('delivers to each receiving socket exactly what the ground truth says', () => {
    expect(result.streams).toHaveLength(2 * calls);
    for (const stream of result.streams) {
      expect(stream.delivered).toBe(stream.sent - stream.dropped + stream.duplicated);
      expect(stream.received).toBe(stream.delivered);
    }
    expect(result.totals.sent).toBe(2 * calls * 100);
    expect(result.totals.dropped).toBeGreaterThan(0);
    expect(result.totals.sipPackets).toBe(7 * calls);
  });

  it.skipIf(!haveTcpdump)('is seen by a capture on lo exactly as the ground truth predicts', async () => {
    const report = await analyzeFile(capture);
    expect(report.calls).toHaveLength(calls);
    for (const truth of result.streams) {
      const found = report.streams.find(
        (s) => s.ssrc === truth.ssrc && s.src === truth.src && s.dst === truth.dst,
      );
      expect(found).toMatchObject({
        packets: truth.delivered,
        lost: truth.expected - truth.delivered,
        duplicates: truth.duplicated,
        outOfOrder: truth.reordered,
        callId: truth.callId,
        direction: truth.direction,
      });
    }
  });
});

describe('live mode safeguards', () => {
  it('refuses a destination off this host unless allowed', async () => {
    await expect(
      sendLive({
        durationS: 1,
        source: { address: '127.0.0.1', port: 20_000 },
        destination: { address: '203.0.113.5', port: 40_000 },
      }),
    ).rejects.toThrow(/203\.0\.113\.5 is not a loopback or local address: pass --allow-remote/);
  });

  it('refuses a source address that is not on this host', async () => {
    await expect(
      sendLive({
        durationS: 1,
        source: { address: '198.51.100.1', port: 20_000 },
        destination: { address: '127.0.0.1', port: 40_000 },
      }),
    ).rejects.toThrow(/source address 198\.51\.100\.1 is not an address of this host/);
  });

  it('knows loopback and the addresses of local interfaces', () => {
    expect(isLocalAddress('127.0.0.1')).toBe(true);
    expect(isLocalAddress('127.1.2.3')).toBe(true);
    expect(isLocalAddress('::1')).toBe(true);
    expect(isLocalAddress('203.0.113.5')).toBe(false);
    expect(isLocalAddress('2001:db8::5')).toBe(false);
    expect(isLocalAddress('not-an-address')).toBe(false);
    const own = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry !== undefined && !entry.internal);
    if (own !== undefined) expect(isLocalAddress(own.address)).toBe(true);
  });

  it('stops early when aborted, saying so', async () => {
    const base = await freePorts(4);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await sendLive(
      {
        durationS: 30,
        source: { address: '127.0.0.1', port: base },
        destination: { address: '127.0.0.1', port: base + 2 },
      },
      { signal: controller.signal, lingerMs: 50 },
    );
    expect(result.complete).toBe(false);
    expect(result.totals.sent).toBeLessThan(100);
  });
});

/** Creates a network namespace for the test (root with `ip netns`), or null when that isn't possible. */
function createNamespace(): string | null {
  if (!isRoot) return null;
  const name = `callscope-gen-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', name]).status !== 0) return null;
  const inside = (...args: string[]) => spawnSync('ip', ['netns', 'exec', name, ...args]).status === 0;
  const ok =
    inside('ip', 'link', 'set', 'lo', 'up') &&
    inside('ip', 'link', 'add', 'cs-a', 'type', 'veth', 'peer', 'name', 'cs-b') &&
    inside('ip', 'addr', 'add', '10.77.0.1/24', 'dev', 'cs-a') &&
    inside('ip', 'addr', 'add', '10.77.0.2/24', 'dev', 'cs-b') &&
    inside('ip', 'link', 'set', 'cs-a', 'up') &&
    inside('ip', 'link', 'set', 'cs-b', 'up');
  if (!ok) {
    spawnSync('ip', ['netns', 'del', name]);
    return null;
  }
  return name;
}

describe('live mode inside a network namespace', () => {
  const namespace = createNamespace();
  afterAll(() => {
    if (namespace !== null) spawnSync('ip', ['netns', 'del', namespace]);
  });

  it.skipIf(namespace === null)('sends between addresses of the namespace’s veth interfaces', () => {
    const script = join(tempFolder(), 'inside.mts');
    const sender = join(repoRoot, 'electron', 'live-sender', 'sender.ts');
    writeFileSync(
      script,
      [
        `import { sendLive } from ${JSON.stringify(sender)};`,
        'const result = await sendLive({',
        '  durationS: 1, lossPercent: 10, withSip: true, sipPort: 6000,',
        "  source: { address: '10.77.0.1', port: 20000 }, destination: { address: '10.77.0.2', port: 40000 },",
        '}, { lingerMs: 100 });',
        'process.stdout.write(JSON.stringify(result));',
      ].join('\n'),
    );
    const run = spawnSync('ip', ['netns', 'exec', namespace!, process.execPath, '--import', 'tsx', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as LiveResult;
    expect(result.complete).toBe(true);
    expect(result.calleeLocal).toBe(true);
    for (const stream of result.streams) expect(stream.received).toBe(stream.delivered);
    expect(result.streams[0]!.src).toBe('10.77.0.1:20000');
  });
});
