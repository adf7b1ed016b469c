/** Runs the installed tshark and parses its `-z rtp,streams` table (tests skip when it is absent). */

import { spawnSync } from 'node:child_process';

/** Whether a tshark binary answers on this machine. */
export const haveTshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;

/** One row of `tshark -q -z rtp,streams`. */
export interface TsharkStream {
  src: string;
  dst: string;
  ssrc: number;
  payload: string;
  packets: number;
  lost: number;
  maxDeltaMs: number;
  meanJitterMs: number;
  maxJitterMs: number;
}

// start end src sport dst dport ssrc payload... pkts lost (pct) minΔ meanΔ maxΔ minJ meanJ maxJ [X]
const ROW =
  /^\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(0x[0-9A-Fa-f]+)\s+(.+?)\s+(\d+)\s+(-?\d+)\s+\(-?[\d.]+%\)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)(?:\s+X)?\s*$/;

const endpoint = (address: string, port: string): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

/** Runs `tshark -r FILE -q -z rtp,streams` with `extraArgs` and returns its rows. */
export function tsharkRtpStreams(file: string, extraArgs: readonly string[] = []): TsharkStream[] {
  const result = spawnSync('tshark', ['-n', '-r', file, ...extraArgs, '-q', '-z', 'rtp,streams'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`tshark failed: ${result.stderr}`);
  const rows: TsharkStream[] = [];
  for (const line of result.stdout.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    rows.push({
      src: endpoint(m[1]!, m[2]!),
      dst: endpoint(m[3]!, m[4]!),
      ssrc: Number.parseInt(m[5]!, 16),
      payload: m[6]!,
      packets: Number(m[7]),
      lost: Number(m[8]),
      maxDeltaMs: Number(m[11]),
      meanJitterMs: Number(m[13]),
      maxJitterMs: Number(m[14]),
    });
  }
  return rows;
}
