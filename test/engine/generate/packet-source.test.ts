/**
 * The packet source: time order, determinism, the datagrams' contents (RTP headers, RTCP compounds
 * read back by the engine's decoder, SIP messages read back by its parser) and the ground truth's
 * arithmetic.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRtcpCompound, ntpMiddle32 } from '../../../electron/engine/decode/rtcp.ts';
import { PacketSource } from '../../../electron/engine/generate/packet-source.ts';
import { CLEAN_START_PACKETS } from '../../../electron/engine/generate/rtp-lane.ts';
import type { GenerateOptions } from '../../../electron/engine/generate/scenario.ts';
import type { WireItem } from '../../../electron/engine/generate/wire.ts';
import { parseSdp } from '../../../electron/engine/signalling/sdp.ts';
import { parseSipMessage } from '../../../electron/engine/signalling/sip-message.ts';

function collect(options: Partial<GenerateOptions>): { items: WireItem[]; source: PacketSource } {
  const source = new PacketSource(options);
  return { items: [...source], source };
}

function digest(items: readonly WireItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) {
    hash.update(`${item.offsetSec}|${item.src.join()}|${item.dst.join()}|${item.kind}|`);
    hash.update(item.payload);
  }
  return hash.digest('hex');
}

const IMPAIRED: Partial<GenerateOptions> = {
  calls: 3,
  durationS: 8,
  lossPercent: 5,
  burstRatio: 2,
  jitterMs: 60,
  reorderPercent: 3,
  duplicatePercent: 2,
  withSip: true,
  rtcpIntervalS: 1,
};

const u16 = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at);

describe('PacketSource', () => {
  it('hands out datagrams in time order, with absolute times from the start time', () => {
    const { items } = collect(IMPAIRED);
    for (let i = 1; i < items.length; i++) {
      expect(items[i]!.offsetSec).toBeGreaterThanOrEqual(items[i - 1]!.offsetSec);
    }
    for (const item of items) expect(item.timeSec).toBeCloseTo(1_700_000_000 + item.offsetSec, 5);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['rtp', 'rtcp', 'sip']));
  });

  it('produces the same datagrams for the same options, other ones for another seed', () => {
    const a = collect(IMPAIRED);
    const b = collect(IMPAIRED);
    expect(digest(a.items)).toBe(digest(b.items));
    expect(a.source.groundTruth()).toEqual(b.source.groundTruth());
    const c = collect({ ...IMPAIRED, seed: 2 });
    expect(digest(c.items)).not.toBe(digest(a.items));
    const ssrcs = (s: PacketSource) => s.groundTruth().streams.map((t) => t.ssrc);
    expect(ssrcs(c.source)).not.toEqual(ssrcs(a.source));
  });

  it('keeps each impairment’s choices when another impairment changes', () => {
    const lossOnly = collect({ durationS: 20, lossPercent: 10 }).source.groundTruth();
    const lossAndDuplicates = collect({
      durationS: 20,
      lossPercent: 10,
      duplicatePercent: 5,
    }).source.groundTruth();
    expect(lossAndDuplicates.streams.map((s) => s.dropped)).toEqual(lossOnly.streams.map((s) => s.dropped));
  });

  it('sends clean streams: every packet once, in order, 50 per second', () => {
    const { items, source } = collect({ durationS: 4, codec: 'G729' });
    const truth = source.groundTruth();
    expect(truth.streams).toHaveLength(2);
    for (const stream of truth.streams) {
      expect(stream).toMatchObject({
        sent: 200,
        dropped: 0,
        duplicated: 0,
        reordered: 0,
        delivered: 200,
        expected: 200,
        lost: 0,
        payloadType: 18,
        codec: 'G729',
        callId: null,
      });
    }
    expect(truth.totals).toMatchObject({ calls: 1, streams: 2, sent: 400, rtpPackets: 400, sipPackets: 0 });
    expect(truth.totals.packets).toBe(items.length);

    const out = truth.streams[0]!;
    const rtp = items.filter((i) => i.kind === 'rtp' && i.src[1] === 20_000);
    expect(rtp).toHaveLength(200);
    const first = rtp[0]!.payload;
    expect(first.length).toBe(12 + 20);
    expect(first[0]).toBe(0x80); // V=2
    expect(first[1]).toBe(0x80 | 18); // marker on the first packet, PT 18
    expect(rtp[1]!.payload[1]).toBe(18);
    expect(`0x${u32(first, 8).toString(16).toUpperCase().padStart(8, '0')}`).toBe(out.ssrc);
    rtp.forEach((item, i) => {
      expect(u16(item.payload, 2)).toBe((u16(first, 2) + i) & 0xffff);
      expect(u32(item.payload, 4)).toBe((u32(first, 4) + i * 160) % 2 ** 32);
      expect(item.offsetSec - rtp[0]!.offsetSec).toBeCloseTo(i * 0.02, 9);
    });
    expect(rtp[0]!.src).toEqual(['192.0.2.1', 20_000]);
    expect(rtp[0]!.dst).toEqual(['192.0.2.2', 40_000]);
  });

  it('adds up: delivered = sent - dropped + duplicated, lost = expected - delivered', () => {
    const truth = collect(IMPAIRED).source.groundTruth();
    for (const s of truth.streams) {
      expect(s.delivered).toBe(s.sent - s.dropped + s.duplicated);
      expect(s.lost).toBe(s.expected - s.delivered);
      expect(s.dropped).toBeGreaterThan(0);
      expect(s.reordered).toBeGreaterThan(0);
      expect(s.duplicated).toBeGreaterThan(0);
      expect(s.lossRuns).toBeGreaterThan(0);
      expect(s.lossRuns).toBeLessThanOrEqual(s.dropped);
    }
    const sum = (key: 'sent' | 'delivered' | 'reordered') => truth.streams.reduce((n, s) => n + s[key], 0);
    expect(truth.totals.sent).toBe(sum('sent'));
    expect(truth.totals.delivered).toBe(sum('delivered'));
    expect(truth.totals.reordered).toBe(sum('reordered'));
    expect(truth.totals.rtpPackets).toBe(truth.totals.delivered);
  });

  it('never impairs the first packets of a stream', () => {
    const { items } = collect({ durationS: 2, lossPercent: 100 });
    const rtp = items.filter((i) => i.kind === 'rtp');
    expect(rtp).toHaveLength(2 * CLEAN_START_PACKETS);
  });

  it('counts packets overtaken through jitter alone as reordered', () => {
    const truth = collect({ durationS: 10, jitterMs: 200 }).source.groundTruth();
    for (const s of truth.streams) {
      expect(s.reordered).toBeGreaterThan(50);
      expect(s).toMatchObject({ dropped: 0, duplicated: 0, delivered: 500, expected: expect.any(Number) });
    }
  });

  it('sends RTCP sender reports with SDES and a report block echoing the peer’s last SR', () => {
    const { items, source } = collect({ durationS: 12, rtcpIntervalS: 1, lossPercent: 10, withSip: true });
    const [out, back] = source.groundTruth().streams;
    const rtcp = items.filter((i) => i.kind === 'rtcp');
    expect(rtcp.length).toBeGreaterThanOrEqual(2 * 8);
    const middles = new Map<number, number[]>();
    let echoed = 0;
    for (const item of rtcp) {
      expect(item.src[1] % 2).toBe(1); // RTP port + 1
      const view = new DataView(item.payload.buffer);
      const result = decodeRtcpCompound(view, 0, item.payload.length);
      expect(result.status).toBe('ok');
      const [sr, sdes] = result.packets;
      expect(sr?.type).toBe('sr');
      expect(sdes?.type).toBe('sdes');
      if (sr?.type !== 'sr') continue;
      const own = item.src[1] === 20_001 ? out! : back!;
      const peer = own === out ? back! : out!;
      expect(`0x${sr.ssrc.toString(16).toUpperCase().padStart(8, '0')}`).toBe(own.ssrc);
      expect(sr.packetCount).toBeGreaterThan(0);
      expect(sr.octetCount).toBe(sr.packetCount * 160); // PCMU payload bytes sent so far
      const block = sr.reports[0];
      if (block !== undefined) {
        expect(`0x${block.ssrc.toString(16).toUpperCase().padStart(8, '0')}`).toBe(peer.ssrc);
        if (block.lsr !== 0) {
          expect(middles.get(block.ssrc)).toContain(block.lsr);
          expect(block.dlsr).toBeGreaterThan(0);
          echoed++;
        }
      }
      const list = middles.get(sr.ssrc) ?? [];
      list.push(ntpMiddle32(sr.ntpSeconds, sr.ntpFraction));
      middles.set(sr.ssrc, list);
      // NTP time of the SR = the scenario clock (sent edgeDelay before it passes the capture point).
      const ntpUnix = sr.ntpSeconds - 2_208_988_800 + sr.ntpFraction / 2 ** 32;
      expect(ntpUnix).toBeCloseTo(item.timeSec - 0.02, 5);
    }
    expect(echoed).toBeGreaterThan(10);
  });

  it('sets each call up with SIP that the engine parses: INVITE … ACK, then BYE and 200 OK', () => {
    const { items, source } = collect({ calls: 2, durationS: 3, withSip: true, codec: 'opus' });
    const sip = items.filter((i) => i.kind === 'sip');
    expect(sip).toHaveLength(14);
    const callIds = source.callIds;
    expect(new Set(callIds).size).toBe(2);
    for (const callId of callIds) {
      const messages = sip
        .map((item) => ({ item, message: parseSipMessage(item.payload, 0, item.payload.length) }))
        .filter(({ message }) => typeof message !== 'string' && message.callId === callId);
      const summary = messages.map(({ message }) => {
        if (typeof message === 'string') throw new Error(message);
        return `${message.kind === 'request' ? message.method : message.statusCode} ${message.cseq.sequence} ${message.cseq.method}`;
      });
      expect(summary).toEqual([
        'INVITE 1 INVITE',
        '100 1 INVITE',
        '180 1 INVITE',
        '200 1 INVITE',
        'ACK 1 ACK',
        'BYE 2 BYE',
        '200 2 BYE',
      ]);
      const parsed = messages.map(({ message }) => message as Exclude<typeof message, string>);
      const callerTag = parsed[0]!.from.tag;
      expect(callerTag).toMatch(/^[0-9a-f]{8}$/);
      expect(parsed.every((m) => m.from.tag === callerTag)).toBe(true);
      expect(parsed[1]!.to.tag).toBeNull(); // 100 Trying carries no To tag
      const calleeTag = parsed[2]!.to.tag;
      expect(calleeTag).not.toBeNull();
      expect(parsed.slice(2).every((m) => m.to.tag === calleeTag)).toBe(true);
      for (const m of parsed) expect(m.contentLength).toBe(new TextEncoder().encode(m.body).length);

      const offer = parseSdp(parsed[0]!.body)!;
      const answer = parseSdp(parsed[3]!.body)!;
      expect(offer.media[0]).toMatchObject({ address: '192.0.2.1', protocol: 'RTP/AVP', packetTimeMs: 20 });
      expect(offer.media[0]!.payloads.map((p) => [p.payloadType, p.encoding, p.clockRateHz])).toEqual([
        [111, 'opus', 48_000],
        [101, 'telephone-event', 48_000],
      ]);
      expect(answer.media[0]).toMatchObject({ address: '192.0.2.2' });

      // Media flows between the answer and the BYE; SIP goes between the SIP ports.
      const times = messages.map(({ item }) => item.offsetSec);
      expect(messages[0]!.item.src).toEqual(['192.0.2.1', 5062]);
      expect(messages[0]!.item.dst).toEqual(['192.0.2.2', 5060]);
      const port = offer.media[0]!.port;
      const media = items.filter((i) => i.kind === 'rtp' && (i.src[1] === port || i.dst[1] === port));
      expect(media).toHaveLength(300);
      expect(media[0]!.offsetSec).toBeGreaterThan(times[3]!);
      expect(media.at(-1)!.offsetSec).toBeLessThan(times[5]!);
    }
  });

  it('writes IPv6 addresses in brackets in SIP and as IP6 in SDP', () => {
    const { items } = collect({
      durationS: 1,
      withSip: true,
      source: { address: '2001:db8::1', port: 30_000 },
      destination: { address: '2001:db8::2', port: 40_000 },
    });
    const invite = new TextDecoder().decode(items.find((i) => i.kind === 'sip')!.payload);
    expect(invite).toMatch(/^INVITE sip:callee0@\[2001:db8::2\]:5060 SIP\/2\.0\r\n/);
    expect(invite).toContain('Via: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bK');
    expect(invite).toContain('c=IN IP6 2001:db8::1');
  });

  it('is lazy: an hour of 5000 calls starts at once and streams', () => {
    const started = performance.now();
    const source = new PacketSource({ calls: 5000, durationS: 3600 });
    let n = 0;
    for (let item = source.next(); item !== null && n < 100_000; item = source.next()) n++;
    expect(n).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
