/**
 * Round-trip times against tshark's `rtcp.roundtrip-delay` on the shared captures.
 *
 * Both use the capture-time method: RTT = t(report) − t(SR it echoes) − DLSR. tshark does it in
 * whole milliseconds: it truncates the gap between the two frames and converts DLSR by truncating
 * its 16-bit fraction, so its figure runs up to about 2 ms above the exact value (SIP_CALL_RTP_G711:
 * frame 1567 echoes frame 1181, gap 2570.774 ms, DLSR 168427/65536 s = 2569.992 ms, exact 0.782 ms,
 * tshark 2). callscope keeps the exact value (RFC 3550 §6.4.1 in 1/65536 s units), reports samples
 * just below zero (capture point next to the receiver) as 0, and averages the samples per stream.
 * So the test checks, for every stream tshark has samples for: the same number of samples; the mean
 * equal to the exact recomputation from tshark's own frame times and DLSR values (within 0.05 ms:
 * callscope works in 1/65536 s units); and within [−2, +1] ms of tshark's mean.
 */

import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { CAPTURES_DIR, decodeAsPorts, haveCaptures, hostOf, referenceFiles } from './shared-captures.ts';

interface Sample {
  ssrc: string;
  receiverAddress: string;
  exactMs: number;
  tsharkMs: number;
}

const withRoundTrips = referenceFiles().filter((f) => f.rtcp_summary.roundtrip_delays > 0);

describe.skipIf(!haveCaptures)('round-trip times agree with tshark', () => {
  it('the corpus has captures with round-trip samples', () => {
    expect(withRoundTrips.length).toBeGreaterThan(0);
  });

  for (const reference of withRoundTrips) {
    it(`${reference.file}: samples per stream, exact mean, tshark mean`, async () => {
      const frameTime = new Map(reference.rtcp.map((r) => [r.frame, r.time_s]));
      const samples: Sample[] = [];
      for (const datagram of reference.rtcp) {
        for (const packet of datagram.packets) {
          for (const block of packet.report_blocks ?? []) {
            if (block.roundtrip_delay_ms === undefined || block.lsr_frame === undefined) continue;
            const gapMs = (datagram.time_s - frameTime.get(block.lsr_frame)!) * 1000;
            samples.push({
              ssrc: block.ssrc.toLowerCase(),
              receiverAddress: datagram.src_addr,
              exactMs: Math.max(0, gapMs - block.dlsr / 65.536),
              tsharkMs: block.roundtrip_delay_ms,
            });
          }
        }
      }
      const report = await analyzeFile(`${CAPTURES_DIR}/${reference.file}`, {
        decodeAsUdpPorts: decodeAsPorts(reference.extra_args),
      });
      let compared = 0;
      for (const stream of report.streams) {
        const mine = samples.filter(
          (s) => s.ssrc === stream.ssrc.toLowerCase() && hostOf(stream.dst) === s.receiverAddress,
        );
        if (mine.length === 0) continue;
        compared += mine.length;
        const mean = (pick: (s: Sample) => number) => mine.reduce((sum, s) => sum + pick(s), 0) / mine.length;
        expect(stream.rttSamples).toBe(mine.length);
        expect(Math.abs(stream.rttMs! - mean((s) => s.exactMs))).toBeLessThanOrEqual(0.05);
        const offset = stream.rttMs! - mean((s) => s.tsharkMs);
        expect(offset).toBeGreaterThanOrEqual(-2);
        expect(offset).toBeLessThanOrEqual(1);
        expect(stream.seconds.some((w) => w.rttMs !== null)).toBe(true);
      }
      expect(compared).toBe(samples.length);
    });
  }
});
