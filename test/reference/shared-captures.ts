/**
 * Access to the team's capture corpus beside the repository (../shared/captures) and to the tshark
 * reference figures in its reference.json. Tests that need it skip with a visible notice when the
 * folder is absent.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the shared captures. */
export const CAPTURES_DIR = join(repoRoot, '..', 'shared', 'captures');
const REFERENCE_PATH = join(CAPTURES_DIR, 'reference.json');

/** Whether the shared captures and their reference are present. */
export const haveCaptures = existsSync(REFERENCE_PATH);

if (!haveCaptures) {
  console.warn(`NOTICE: ${CAPTURES_DIR} is absent: tests against the shared captures are skipped.`);
}

/** One stream as tshark's `-z rtp,streams` reported it. */
export interface ReferenceStream {
  src_addr: string;
  src_port: number;
  dst_addr: string;
  dst_port: number;
  ssrc: string;
  payload: string;
  packets: number;
  lost: number;
  max_delta_ms: number;
  mean_jitter_ms: number;
  max_jitter_ms: number;
}

/** tshark's RTCP summary for one file. */
export interface ReferenceRtcpSummary {
  packets: number;
  sr: number;
  rr: number;
  sdes: number;
  bye: number;
  app: number;
  report_blocks: number;
  roundtrip_delays: number;
}

/** One RTCP datagram as tshark decoded it, with its round-trip calculation. */
export interface ReferenceRtcp {
  frame: number;
  time_s: number;
  src_addr: string;
  src_port: number;
  dst_addr: string;
  dst_port: number;
  packets: {
    pt: number;
    sender_ssrc?: string;
    report_blocks?: {
      ssrc: string;
      lsr: number;
      dlsr: number;
      lsr_frame?: number;
      lsr_gap_ms?: number;
      roundtrip_delay_ms?: number;
    }[];
  }[];
}

/** One capture of the corpus with its reference figures. */
export interface ReferenceFile {
  file: string;
  packets: number;
  link_type: string;
  extra_args: string[];
  rtp_streams: ReferenceStream[];
  rtcp_summary: ReferenceRtcpSummary;
  rtcp: ReferenceRtcp[];
}

/** Every file of reference.json (empty when the corpus is absent). */
export function referenceFiles(): ReferenceFile[] {
  if (!haveCaptures) return [];
  const parsed = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as { files: ReferenceFile[] };
  return parsed.files;
}

/** `addr:port` as callscope prints it (IPv6 in brackets). */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The UDP ports that tshark was told to decode as RTP (`-d udp.port==N,rtp`). */
export function decodeAsPorts(extraArgs: readonly string[]): number[] {
  const ports: number[] = [];
  for (const arg of extraArgs) {
    const match = /^udp\.port==(\d+),rtp$/.exec(arg);
    if (match) ports.push(Number(match[1]));
  }
  return ports;
}

/** The address part of `addr:port` or `[addr]:port`. */
export function hostOf(endpointText: string): string {
  const host = endpointText.slice(0, endpointText.lastIndexOf(':'));
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
