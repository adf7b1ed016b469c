import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../electron/engine/analyze-file.ts';
import { pcapFile, regularStream, rtpBytes, rtpCapture, udpFrame } from '../helpers/pcap-builder.ts';
import { tempFile } from '../helpers/temp-files.ts';

const T0 = 1_700_000_000;

describe('finding RTP without signalling', () => {
  it('reports a heuristic stream only after three advancing packets, then counts all of them', async () => {
    const two = await analyzeFile(tempFile('two.pcap', rtpCapture(regularStream(2))));
    expect(two.streams).toHaveLength(0);
    expect(two.frames.skipped['rtp-unconfirmed']).toBe(2);
    const three = await analyzeFile(tempFile('three.pcap', rtpCapture(regularStream(3))));
    expect(three.streams).toHaveLength(1);
    expect(three.streams[0]!.packets).toBe(3);
    expect(three.frames.rtp).toBe(3);
  });

  it('reports any stream on a --decode-as port from its first packet', async () => {
    const file = tempFile('decode-as.pcap', rtpCapture(regularStream(2)));
    const report = await analyzeFile(file, { decodeAsUdpPorts: [50000] });
    expect(report.streams[0]?.packets).toBe(2);
    const none = await analyzeFile(file, { heuristics: false });
    expect(none.streams).toHaveLength(0);
  });

  it('does not take random UDP for RTP', async () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    };
    const records = Array.from({ length: 500 }, (_, i) => {
      const payload = Uint8Array.from({ length: 40 + (i % 100) }, random);
      return {
        time: T0 + i * 0.01,
        frame: udpFrame(['198.51.100.1', 1234], ['198.51.100.2', 4321], payload),
      };
    });
    const report = await analyzeFile(tempFile('random.pcap', pcapFile(records)));
    expect(report.streams).toHaveLength(0);
    expect(report.frames.rtp).toBe(0);
    expect(report.frames.read).toBe(500);
  });

  it('splits streams by SSRC on one 5-tuple and by direction', async () => {
    const a = regularStream(5, { ssrc: 1 });
    const b = regularStream(5, { ssrc: 2, time0: T0 + 0.2 });
    const back = regularStream(5, { ssrc: 3 }).map((p) => ({
      ...p,
      src: ['192.0.2.2', 50000] as [string, number],
      dst: ['192.0.2.1', 40000] as [string, number],
    }));
    const report = await analyzeFile(tempFile('split.pcap', rtpCapture([...a, ...b, ...back])));
    expect(report.streams.map((s) => [s.ssrc, s.src, s.dst, s.packets])).toEqual([
      ['0x00000001', '192.0.2.1:40000', '192.0.2.2:50000', 5],
      ['0x00000003', '192.0.2.2:50000', '192.0.2.1:40000', 5],
      ['0x00000002', '192.0.2.1:40000', '192.0.2.2:50000', 5],
    ]);
  });

  it('trusts a known SSRC that moves to a new source port', async () => {
    const before = regularStream(5, { ssrc: 7 });
    const after = regularStream(2, { ssrc: 7, seq0: 1005, time0: T0 + 0.1 }).map((p) => ({
      ...p,
      src: ['192.0.2.1', 40002] as [string, number],
    }));
    const report = await analyzeFile(tempFile('move.pcap', rtpCapture([...before, ...after])));
    expect(report.streams.map((s) => [s.src, s.packets])).toEqual([
      ['192.0.2.1:40000', 5],
      ['192.0.2.1:40002', 2],
    ]);
  });
});

/** RTCP SR (RFC 3550 §6.4.1) from `ssrc` with one report block about `about`. */
function senderReport(ssrc: number, about: number): Uint8Array {
  const bytes = new Uint8Array(52);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x81); // V=2, P=0, RC=1
  view.setUint8(1, 200); // PT=SR
  view.setUint16(2, 12); // length: 13 words - 1
  view.setUint32(4, ssrc);
  view.setUint32(8, 0xe000_0000); // NTP seconds
  view.setUint32(12, 0x8000_0000); // NTP fraction
  view.setUint32(16, 160_000); // RTP timestamp
  view.setUint32(20, 10); // sender packet count
  view.setUint32(24, 1600); // sender octet count
  view.setUint32(28, about); // report block: SSRC
  return bytes;
}

describe('RTCP', () => {
  it('finds RTCP multiplexed on the RTP ports and credits the streams it names', async () => {
    const rtp = regularStream(10, { ssrc: 0xaaaa });
    const records = rtp.map((p) => ({
      time: p.time,
      frame: udpFrame(['192.0.2.1', 40000], ['192.0.2.2', 50000], rtpBytes(p)),
    }));
    records.push({
      time: T0 + 0.5,
      frame: udpFrame(['192.0.2.1', 40000], ['192.0.2.2', 50000], senderReport(0xaaaa, 0xbbbb)),
    });
    records.push({
      time: T0 + 0.6,
      frame: udpFrame(['192.0.2.2', 50001], ['192.0.2.1', 40001], senderReport(0xbbbb, 0xaaaa)),
    });
    const report = await analyzeFile(tempFile('rtcp.pcap', pcapFile(records)));
    expect(report.rtcp.datagrams).toBe(2);
    expect(report.rtcp.senderReports).toBe(2);
    expect(report.rtcp.reportBlocks).toBe(2);
    expect(report.streams[0]!.packets).toBe(10);
    expect(report.streams[0]!.rtcpSenderReports).toBe(1);
    expect(report.streams[0]!.rtcpReportBlocks).toBe(1);
  });
});

describe('bad input', () => {
  it('counts a truncated IPv4 header as malformed and goes on', async () => {
    const good = regularStream(3).map((p) => ({
      time: p.time,
      frame: udpFrame(['192.0.2.1', 40000], ['192.0.2.2', 50000], rtpBytes(p)),
    }));
    const broken = good[0]!.frame.slice(0, 14 + 12); // Ethernet + 12 bytes of IPv4
    const report = await analyzeFile(
      tempFile('trunc.pcap', pcapFile([...good, { time: T0 + 1, frame: broken }])),
    );
    expect(report.frames.read).toBe(4);
    expect(report.frames.malformed).toBe(1);
    expect(report.streams[0]!.packets).toBe(3);
    expect(report.error).toBeNull();
  });

  it('keeps what was read before a damaged record and reports the offset', async () => {
    const bytes = rtpCapture(regularStream(20));
    const cut = bytes.slice(0, bytes.length - 30);
    const report = await analyzeFile(tempFile('cut.pcap', cut));
    expect(report.error).toMatch(/offset \d+/);
    expect(report.streams[0]!.packets).toBe(19);
  });

  it('counts frames exactly once: read = rtp + rtcp + skipped', async () => {
    const report = await analyzeFile(tempFile('count.pcap', rtpCapture(regularStream(2))));
    const skipped = Object.values(report.frames.skipped).reduce((a, b) => a + b, 0);
    expect(report.frames.rtp + report.frames.rtcp + report.frames.sip + skipped).toBe(report.frames.read);
  });
});
