/**
 * `npm run bench`: times callscope's offline analysis against references measured in the same run
 * (absolute times on a shared machine are noise; ratios are what to compare):
 *   - the capture parser alone (callscope's read floor),
 *   - libpcap's read floor, `tcpdump -r FILE -w /dev/null` (skipped with a reason when absent),
 *   - `tshark -q -z rtp,streams` (skipped with a reason when absent), whose per-stream packets and
 *     lost are also compared with callscope's.
 * The capture is generated here: STREAMS concurrent G.711 streams with network jitter and 1 % loss.
 * Each figure is the fastest of RUNS runs (default 3).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeFile } from '../electron/engine/analyze-file.ts';
import { readCaptureFile } from '../electron/engine/source/capture-file.ts';
import { type RtpSpec, rtpCapture } from '../test/helpers/pcap-builder.ts';
import { haveTshark, tsharkRtpStreams } from '../test/helpers/tshark.ts';
import { liveBenchmark } from './live.ts';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const PACKETS_PER_STREAM = Number(process.env.BENCH_PACKETS ?? 1000);

function generate(): Uint8Array {
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const specs: RtpSpec[] = [];
  for (let s = 0; s < STREAMS; s++) {
    const start = 1_700_000_000 + random() * 2;
    const host = `10.${1 + (s >> 8)}.${s & 0xff}.1`;
    for (let i = 0; i < PACKETS_PER_STREAM; i++) {
      if (i > 3 && random() < 0.01) continue;
      specs.push({
        time: start + i * 0.02 + random() * 0.004,
        seq: (s * 977 + i) & 0xffff,
        timestamp: (s * 1_000_003 + i * 160) >>> 0,
        ssrc: 0x1000_0000 + s,
        src: [host, 20_000 + 2 * s],
        dst: ['10.0.0.2', 30_000 + 2 * s],
      });
    }
  }
  return rtpCapture(specs);
}

/** Runs of each measurement; the fastest counts (the others absorb JIT warm-up and noise). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function time<T>(run: () => T): [T, number] {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = run();
    best = Math.min(best, performance.now() - start);
  }
  return [result as T, best];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - start);
  }
  return [result as T, best];
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

const folder = mkdtempSync(join(tmpdir(), 'callscope-bench-'));
try {
  const file = join(folder, 'bench.pcap');
  writeFileSync(file, generate());
  const sizeMb = statSync(file).size / 1e6;

  const rows: [string, number | null, string][] = [];
  let frames = 0;
  const [, parseMs] = await timeAsync(() => {
    frames = 0;
    return readCaptureFile(file, () => {
      frames++;
    });
  });
  const [report, analyzeMs] = await timeAsync(() => analyzeFile(file));
  rows.push(['callscope analyze (in process)', analyzeMs, '']);
  rows.push(['callscope capture parser only', parseMs, '']);

  if (commandExists('tcpdump')) {
    const [, ms] = time(() => spawnSync('tcpdump', ['-r', file, '-w', '/dev/null'], { stdio: 'ignore' }));
    rows.push(['tcpdump -r FILE -w /dev/null (libpcap floor)', ms, '']);
  } else rows.push(['tcpdump -r FILE -w /dev/null (libpcap floor)', null, 'skipped: tcpdump not installed']);

  let agreement = 'skipped: tshark not installed';
  if (haveTshark) {
    const [theirs, ms] = time(() => tsharkRtpStreams(file, ['-o', 'rtp.heuristic_rtp:TRUE']));
    rows.push(['tshark -q -z rtp,streams', ms, '']);
    const mismatches = theirs.filter((t) => {
      const ours = report.streams.find(
        (s) => s.src === t.src && s.dst === t.dst && Number(s.ssrc) === t.ssrc,
      );
      return !ours || ours.packets !== t.packets || ours.lost !== t.lost;
    });
    agreement = `${theirs.length - mismatches.length} of ${theirs.length} tshark streams agree on packets and lost (callscope found ${report.streams.length})`;
  } else rows.push(['tshark -q -z rtp,streams', null, 'skipped: tshark not installed']);

  console.log(`capture: ${frames} packets, ${STREAMS} streams, ${sizeMb.toFixed(1)} MB\n`);
  console.log('| run | time ms | packets/s | time ÷ analyze time |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ms, note] of rows) {
    if (ms === null) {
      console.log(`| ${name} | - | - | ${note} |`);
      continue;
    }
    const rate = Math.round(frames / (ms / 1000)).toLocaleString('en-US');
    console.log(`| ${name} | ${ms.toFixed(0)} | ${rate} | ${(ms / analyzeMs).toFixed(2)} |`);
  }
  console.log(`\nagreement: ${agreement}`);
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await liveBenchmark(folder);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
