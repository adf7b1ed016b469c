/**
 * Hostile input through the whole packet path: random frames on every link type, mutated real
 * captures and an SSRC flood. Nothing may throw, counts stay consistent and state stays bounded.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { Analyzer } from '../../electron/engine/analyzer.ts';
import { LinkType } from '../../electron/engine/decode/link-types.ts';
import { newFrame } from '../../electron/engine/source/frame.ts';
import type { AnalysisReport } from '../../shared/analysis.ts';
import { pcapFile, regularStream, rtpBytes, udpFrame } from '../helpers/pcap-builder.ts';
import { tempFile } from '../helpers/temp-files.ts';
import { CAPTURES_DIR, haveCaptures } from '../reference/shared-captures.ts';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function checkInvariants(report: AnalysisReport): void {
  const skipped = Object.values(report.frames.skipped).reduce((a, b) => a + b, 0);
  expect(report.frames.rtp + report.frames.rtcp + report.frames.sip + skipped).toBe(report.frames.read);
  for (const s of report.streams) {
    expect(s.packets).toBeGreaterThan(0);
    expect(s.lossPercent).toBeGreaterThanOrEqual(0);
    expect(s.lossPercent).toBeLessThanOrEqual(100);
    expect(s.duplicates + s.outOfOrder).toBeLessThanOrEqual(s.packets);
    for (const w of s.seconds) {
      expect(w.lossPercent).toBeGreaterThanOrEqual(0);
      expect(w.lossPercent).toBeLessThanOrEqual(100);
      expect(w.packets).toBeGreaterThanOrEqual(0);
    }
    expect(s.seconds.reduce((sum, w) => sum + w.packets, 0)).toBe(s.packets);
  }
}

describe('hostile input through the analyzer', () => {
  it('survives 30 000 random frames on every link type', () => {
    const r = random(7);
    const analyzer = new Analyzer();
    const frame = newFrame();
    const linkTypes = [...Object.values(LinkType), 999];
    for (let i = 0; i < 30_000; i++) {
      const data = Uint8Array.from({ length: Math.floor(r() * 120) }, () => Math.floor(r() * 256));
      // Bias towards plausible headers so the deeper layers get exercised too.
      if (data.length > 14 && r() < 0.5) data.set([0x08, 0x00, 0x45], 12);
      frame.data = data;
      frame.view = new DataView(data.buffer);
      frame.start = 0;
      frame.capturedLength = data.length;
      frame.originalLength = data.length + (r() < 0.1 ? 100 : 0);
      frame.linkType = linkTypes[Math.floor(r() * linkTypes.length)]!;
      frame.tsSec = 1_700_000_000 + Math.floor(i / 100);
      frame.tsNsec = (i % 100) * 10_000_000;
      analyzer.onFrame(frame);
    }
    analyzer.finish();
    expect(analyzer.counts.read).toBe(30_000);
  });

  it('survives bit flips and truncations of real RTP traffic', async () => {
    const r = random(11);
    const records = regularStream(400).map((p) => ({
      time: p.time,
      frame: udpFrame(['192.0.2.1', 4000], ['192.0.2.2', 5000], rtpBytes(p)),
    }));
    for (const record of records) {
      const f = record.frame;
      if (r() < 0.3) {
        const at = 14 + Math.floor(r() * (f.length - 14));
        f[at] = f[at]! ^ (1 << Math.floor(r() * 8));
      }
      if (r() < 0.1) record.frame = f.slice(0, Math.floor(r() * f.length));
    }
    const report = await analyzeFile(tempFile('flipped.pcap', pcapFile(records)));
    expect(report.error).toBeNull();
    checkInvariants(report);
  });

  it.skipIf(!haveCaptures)('survives mutated shared captures (one-line error at worst)', async () => {
    const r = random(3);
    for (const name of ['SIP_CALL_RTP_G711.pcap', 'ndpi-rtp.pcapng', 'rtpproxy-DLT_NULL.a.pcap']) {
      const original = readFileSync(join(CAPTURES_DIR, name));
      for (let round = 0; round < 5; round++) {
        const bytes = Uint8Array.from(original);
        for (let k = 0; k < 40; k++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
        const report = await analyzeFile(tempFile(`m-${round}-${name}`, bytes));
        if (report.error !== null) expect(report.error).not.toContain('\n');
        checkInvariants(report);
      }
    }
  });

  it('keeps the streams on probation bounded under an SSRC flood', () => {
    const analyzer = new Analyzer({ maxCandidates: 1000 });
    const frame = newFrame();
    for (let i = 0; i < 20_000; i++) {
      const bytes = udpFrame(
        ['192.0.2.1', 4000],
        ['192.0.2.2', 5000],
        rtpBytes({ time: 0, seq: i, timestamp: i, ssrc: i * 7919 }),
      );
      frame.data = bytes;
      frame.view = new DataView(bytes.buffer);
      frame.capturedLength = bytes.length;
      frame.originalLength = bytes.length;
      frame.linkType = LinkType.ETHERNET;
      frame.tsSec = 1_700_000_000;
      frame.tsNsec = i * 1000;
      analyzer.onFrame(frame);
      expect(analyzer.candidateCount).toBeLessThanOrEqual(1000);
    }
    analyzer.finish();
    expect(analyzer.streams).toHaveLength(0);
    expect(analyzer.counts.skipped['rtp-unconfirmed']).toBe(20_000);
  });
});
