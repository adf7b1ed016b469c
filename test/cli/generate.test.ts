/**
 * `callscope generate` through a commander program built like the real one: file mode (table and
 * JSON, determinism, agreement with `analyze`), live mode on loopback, and usage errors (exit 2).
 */

import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type GenerateReport,
  parseEndpoint,
  registerGenerateCommand,
} from '../../electron/cli/generate-command.ts';
import { UsageError } from '../../electron/cli/usage-error.ts';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { tempFolder } from '../helpers/temp-files.ts';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `callscope generate ARGS` in-process, with main.ts's exit statuses (2 usage, 1 other errors). */
async function cli(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  let status = 0;
  const program = new Command('callscope').exitOverride().configureOutput({
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
  });
  registerGenerateCommand(program, (s) => {
    status = s;
  });
  try {
    await program.parseAsync(['generate', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr += `callscope: ${error.message}\n`;
      status = 2;
    } else if (error instanceof CommanderError) {
      status = error.exitCode === 0 ? 0 : 2;
    } else {
      stderr += `callscope: ${(error as Error).message}\n`;
      status = 1;
    }
  } finally {
    out.mockRestore();
  }
  return { status, stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 2 * Math.floor((30_000 + Math.random() * 25_000) / 2);
    const sockets = Array.from({ length: count }, () => createSocket('udp4'));
    const ok = await Promise.all(
      sockets.map(
        (socket, i) =>
          new Promise<boolean>((done) => {
            socket.once('error', () => done(false));
            socket.bind({ address: '127.0.0.1', port: base + i, exclusive: true }, () => done(true));
          }),
      ),
    );
    await Promise.all(sockets.map((s) => new Promise<void>((done) => s.close(() => done()))));
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

describe('callscope generate --write', () => {
  it('writes the capture and prints the ground truth as a table', async () => {
    const file = join(tempFolder(), 'gen.pcap');
    const run = await cli(['--write', file, '--calls', '2', '--duration', '3', '--loss', '5', '--seed', '3']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.part`)).toBe(false);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^2 calls of 3 s PCMU each way \(seed 3\) written to .*gen\.pcap: \d+ packets \(\d+ RTP, \d+ RTCP, 0 SIP\)$/,
    );
    expect(run.stdout).toContain('Capture point: middle of the path: 40 ms one way');
    expect(run.stdout).toMatch(
      /call\s+direction\s+src\s+dst\s+SSRC\s+PT\s+sent\s+dropped\s+dup\s+reordered\s+delivered\s+expected\s+lost/,
    );
    expect(run.stdout).toMatch(
      /\n0\s+caller-to-callee\s+192\.0\.2\.1:20000\s+192\.0\.2\.2:40000\s+0x[0-9A-F]{8}\s+0\s+150\s+\d+/,
    );
    expect(run.stdout).toMatch(/\n1\s+callee-to-caller\s+192\.0\.2\.2:40002\s+192\.0\.2\.1:20002\s/);
    expect(run.stdout).toMatch(/\ntotal\s+600\s+\d+/);
  });

  it('prints JSON whose streams the analyser finds with the predicted counts', async () => {
    const file = join(tempFolder(), 'gen.pcap');
    const run = await cli([
      '--write',
      file,
      '--json',
      '--calls',
      '3',
      '--duration',
      '10',
      '--codec',
      'opus',
      '--with-sip',
      '--loss',
      '4',
      '--burst-ratio',
      '2',
      '--jitter',
      '25',
      '--reorder',
      '2',
      '--duplicate',
      '1',
      '--rtcp-interval',
      '2',
      '--path-delay',
      '50',
      '--start-time',
      '1600000000',
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as GenerateReport;
    expect(Object.keys(report)).toEqual([
      'mode',
      'file',
      'options',
      'capturePoint',
      'streams',
      'totals',
      'live',
    ]);
    expect(report).toMatchObject({ mode: 'file', file, live: null });
    expect(report.options).toMatchObject({
      calls: 3,
      durationS: 10,
      codec: 'opus',
      withSip: true,
      lossPercent: 4,
      burstRatio: 2,
      jitterMs: 25,
      reorderPercent: 2,
      duplicatePercent: 1,
      rtcpIntervalS: 2,
      pathDelayMs: 50,
      startTimeSec: 1_600_000_000,
    });
    expect(report.streams).toHaveLength(6);
    expect(report.totals.sipPackets).toBe(21);

    const analysis = await analyzeFile(file);
    expect(analysis.firstTime?.startsWith('2020-09-13T12:26:40')).toBe(true);
    expect(analysis.calls).toHaveLength(3);
    for (const truth of report.streams) {
      const found = analysis.streams.find(
        (s) => s.ssrc === truth.ssrc && s.src === truth.src && s.dst === truth.dst,
      );
      expect(found).toMatchObject({
        packets: truth.delivered,
        lost: truth.expected - truth.delivered,
        duplicates: truth.duplicated,
        outOfOrder: truth.reordered,
        callId: truth.callId,
        direction: truth.direction,
        clockRate: 48_000,
      });
      expect(found!.rttMs).toBeCloseTo(50, 0);
    }
  });

  it('writes the same bytes for the same seed and other bytes for another', async () => {
    const folder = tempFolder();
    const args = ['--calls', '2', '--duration', '4', '--loss', '3', '--jitter', '10', '--with-sip'];
    await cli(['--write', join(folder, 'a.pcap'), ...args, '--seed', '42']);
    await cli(['--write', join(folder, 'b.pcap'), ...args, '--seed', '42']);
    await cli(['--write', join(folder, 'c.pcap'), ...args, '--seed', '43']);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => readFileSync(join(folder, `${name}.pcap`)));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
  });

  it('takes --from and --to as the addresses in the file (IPv6 in brackets)', async () => {
    const file = join(tempFolder(), 'v6.pcap');
    const run = await cli([
      '--write',
      file,
      '--json',
      '--duration',
      '1',
      '--from',
      '[2001:db8::1]:30000',
      '--to',
      '[2001:db8::2]:50000',
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as GenerateReport;
    expect(report.streams.map((s) => `${s.src} ${s.dst}`)).toEqual([
      '[2001:db8::1]:30000 [2001:db8::2]:50000',
      '[2001:db8::2]:50000 [2001:db8::1]:30000',
    ]);
  });
});

describe('callscope generate --to (live)', () => {
  it('sends on loopback, stops by itself and reports what each socket received', async () => {
    const base = await freePorts(8);
    const run = await cli([
      '--to',
      `127.0.0.1:${base + 4}`,
      '--from',
      `127.0.0.1:${base}`,
      '--calls',
      '2',
      '--duration',
      '1',
      '--loss',
      '10',
      '--duplicate',
      '5',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as GenerateReport;
    expect(report.mode).toBe('live');
    expect(report.live).toMatchObject({ complete: true, calleeLocal: true, sendErrors: 0 });
    for (const stream of report.streams) expect(stream.received).toBe(stream.delivered);
  });

  it('refuses a destination off this host without --allow-remote, before sending anything', async () => {
    const run = await cli(['--to', '203.0.113.5:40000', '--duration', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'callscope: --to 203.0.113.5 is not a loopback or local address: pass --allow-remote to send across a network\n',
    );
    expect(run.stdout).toBe('');
  });
});

describe('callscope generate usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['no mode', [], /give --write FILE to write a capture, or --to ADDRESS:PORT to send live/],
    [
      'calls 0',
      ['--write', 'x.pcap', '--calls', '0'],
      /--calls expects a whole number from 1 to 5000, got '0'/,
    ],
    ['fractional calls', ['--write', 'x.pcap', '--calls', '2.5'], /--calls expects a whole number/],
    [
      'loss not a number',
      ['--write', 'x.pcap', '--loss', 'lots'],
      /--loss expects a number from 0 to 100, got 'lots'/,
    ],
    ['loss above 100', ['--write', 'x.pcap', '--loss', '150'], /--loss expects a number from 0 to 100/],
    [
      'burst ratio below 1',
      ['--write', 'x.pcap', '--burst-ratio', '0.5'],
      /--burst-ratio expects a number from 1 to 100/,
    ],
    [
      'jitter above 1 s',
      ['--write', 'x.pcap', '--jitter', '5000'],
      /--jitter expects a number from 0 to 1000/,
    ],
    ['negative reorder', ['--write', 'x.pcap', '--reorder', '-1'], /--reorder expects/],
    ['duplicates above 100', ['--write', 'x.pcap', '--duplicate', '101'], /--duplicate expects/],
    ['duration 0', ['--write', 'x.pcap', '--duration', '0'], /--duration expects a number from 0.1 to 3600/],
    [
      'seed not whole',
      ['--write', 'x.pcap', '--seed', '1.5'],
      /--seed expects a whole number from 0 to 4294967295/,
    ],
    [
      'unknown codec',
      ['--write', 'x.pcap', '--codec', 'AMR'],
      /--codec expects one of PCMU, PCMA, G722, G729, opus, GSM, got 'AMR'/,
    ],
    ['bad endpoint', ['--write', 'x.pcap', '--to', 'callee'], /--to expects ADDRESS:PORT/],
    ['port 0', ['--write', 'x.pcap', '--from', '192.0.2.1:0'], /--from expects ADDRESS:PORT/],
    ['mixed families', ['--write', 'x.pcap', '--from', '[::1]:2000'], /both be IPv4 or both IPv6/],
    [
      'RTCP interval',
      ['--write', 'x.pcap', '--rtcp-interval', '0'],
      /--rtcp-interval expects a number from 0.5 to 600/,
    ],
    [
      'allow-remote on a file',
      ['--write', 'x.pcap', '--allow-remote'],
      /--allow-remote applies to --to only/,
    ],
    [
      'path delay live',
      ['--to', '127.0.0.1:40000', '--path-delay', '10'],
      /--path-delay applies to --write only/,
    ],
    [
      'start time live',
      ['--to', '127.0.0.1:40000', '--start-time', '10'],
      /--start-time applies to --write only/,
    ],
    [
      'overlapping ports',
      ['--write', 'x.pcap', '--calls', '3', '--from', '127.0.0.1:4000', '--to', '127.0.0.1:4002'],
      /caller and callee media ports overlap/,
    ],
  ];
  it.each(cases)('%s: exit 2 with a one-line message', async (_name, args, message) => {
    const run = await cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('rejects unknown options through commander (exit 2)', async () => {
    const run = await cli(['--write', 'x.pcap', '--frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('parses endpoints', () => {
    expect(parseEndpoint('--to', '127.0.0.1:5004')).toEqual({ address: '127.0.0.1', port: 5004 });
    expect(parseEndpoint('--to', '[::1]:5004')).toEqual({ address: '::1', port: 5004 });
    expect(() => parseEndpoint('--to', '::1:5004')).toThrow(UsageError);
    expect(() => parseEndpoint('--to', '[192.0.2.1]:5004')).toThrow(/only IPv6 addresses go in brackets/);
    expect(() => parseEndpoint('--to', '192.0.2.1:70000')).toThrow(UsageError);
  });
});
