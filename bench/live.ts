/**
 * Live part of `npm run bench`: at 10 k, 50 k, 100 k and 200 k packets per second of G.711-shaped
 * RTP (50 packets/s per stream, so 200 to 4 000 streams) sent on `lo` by a small C sender, the
 * packets sent, seen by the engine, dropped by the kernel and the interface, and never accounted
 * for; and the CPU used by the analysis (Node) and the capture helper per 100 k packets/s.
 * Needs root and the capture helper; skipped with the reason otherwise.
 */

import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../electron/cli/capture-command.ts';
import { captureHelperPath } from '../electron/engine/capture/helper-path.ts';
import { CaptureSession } from '../electron/engine/live/capture-session.ts';

const RATES = [10_000, 50_000, 100_000, 200_000];
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 5);
const BASE_PORT = 30_000;
const PACKETS_PER_STREAM = 50;
const CLOCK_TICKS = 100; // USER_HZ of /proc/<pid>/stat

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The capture helper started by this process (its only child named callscope-captu...). */
function helperPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && stat.includes('(callscope-captu')) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

function buildBlaster(folder: string): string | null {
  const binary = join(folder, 'udp-blaster');
  const source = join(import.meta.dirname, 'udp-blaster.c');
  const cc = spawnSync(process.env.CC ?? 'cc', ['-O2', '-o', binary, source], { encoding: 'utf8' });
  return cc.status === 0 ? binary : null;
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${binary} exited ${code}`))));
  });
}

/** Prints the live table, or the reason it can't run here. */
export async function liveBenchmark(folder: string): Promise<void> {
  console.log('\nlive capture on lo:');
  if (process.getuid?.() !== 0) return void console.log('  skipped: needs root (capture rights on lo)');
  if (captureHelperPath() === null)
    return void console.log('  skipped: the capture helper is not built (npm run build:capture)');
  const blaster = buildBlaster(folder);
  if (blaster === null) return void console.log('  skipped: no C compiler for the benchmark sender');
  console.log(
    '| packets/s | streams | sent | seen | kernel dropped | interface dropped | unaccounted | CPU % of a core (Node + helper) | CPU per 100 k pkt/s |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const rate of RATES) {
    const streams = rate / PACKETS_PER_STREAM;
    const session = await CaptureSession.start(
      {
        interface: 'lo',
        filter: `udp and dst portrange ${BASE_PORT}-${BASE_PORT + streams - 1}`,
        // lo's MTU is 65536: a short snap length gives the kernel ring more frame slots.
        snapLength: 256,
        bufferMiB: 256,
        analyzer: { heuristics: true },
      },
      systemClock,
      () => {},
    );
    const helper = helperPid();
    const helperCpu0 = helper === null ? 0 : cpuSecondsOf(helper);
    const nodeCpu0 = process.cpuUsage();
    const start = performance.now();
    const sent = Number(
      (await run(blaster, [String(rate), String(streams), String(SECONDS), String(BASE_PORT)])).trim(),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const elapsedS = (performance.now() - start) / 1000;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const helperCpu = helper === null ? 0 : cpuSecondsOf(helper) - helperCpu0;
    const { health, report } = await session.stop();
    const cpuS = (nodeCpu.user + nodeCpu.system) / 1e6 + helperCpu;
    const corePercent = (cpuS / elapsedS) * 100;
    const seen = report.frames.rtp;
    const kernel = health.kernelDropped ?? 0;
    const iface = health.interfaceDropped ?? 0;
    console.log(
      `| ${rate.toLocaleString('en-US')} | ${streams} | ${sent} | ${seen} | ${kernel} | ${iface} | ${sent - seen - kernel - iface} | ${corePercent.toFixed(0)} % | ${((corePercent * 100_000) / rate).toFixed(0)} % |`,
    );
  }
}
