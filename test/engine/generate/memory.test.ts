/**
 * Memory stays bounded by the streams, not the packets: a file of 100 000 packets (1 000 000 with
 * CALLSCOPE_SLOW_TESTS set) is generated in a child process that samples its own resident set.
 */

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../../helpers/temp-files.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MIB = 2 ** 20;

interface Measure {
  packets: number;
  baseRssMib: number;
  peakRssMib: number;
  bytes: number;
}

/** Generates `calls` × `durationS` into a file in a child process; its packets and resident set. */
function measure(calls: number, durationS: number): Measure {
  const folder = tempFolder();
  const script = join(folder, 'measure.mts');
  const writer = join(repoRoot, 'electron', 'engine', 'generate', 'write-capture.ts');
  writeFileSync(
    script,
    [
      "import { statSync } from 'node:fs';",
      `import { writeCapture } from ${JSON.stringify(writer)};`,
      'const base = process.memoryUsage().rss;',
      'let peak = base;',
      'const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);',
      `const path = ${JSON.stringify(join(folder, 'big.pcap'))};`,
      `const truth = await writeCapture(path, { calls: ${calls}, durationS: ${durationS}, withSip: true, lossPercent: 1, jitterMs: 10, duplicatePercent: 1 });`,
      'clearInterval(timer);',
      'peak = Math.max(peak, process.memoryUsage().rss);',
      `process.stdout.write(JSON.stringify({ packets: truth.totals.packets, baseRssMib: base / ${MIB}, peakRssMib: peak / ${MIB}, bytes: statSync(path).size }));`,
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`measuring child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Measure;
}

describe('memory', () => {
  it('writes 100 000 packets with a modest, bounded resident set', () => {
    const m = measure(10, 100);
    expect(m.packets).toBeGreaterThan(99_000);
    expect(m.bytes).toBeGreaterThan(20 * MIB);
    expect(m.peakRssMib - m.baseRssMib).toBeLessThan(80);
  });

  it.skipIf(!process.env.CALLSCOPE_SLOW_TESTS)(
    'writes 1 000 000 packets under 300 MB',
    () => {
      const m = measure(100, 100);
      expect(m.packets).toBeGreaterThan(990_000);
      expect(m.peakRssMib).toBeLessThan(300);
    },
    300_000,
  );
});
