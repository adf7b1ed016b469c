/**
 * The pcap writer: frames read back through the project's own reader and decoders (IPv4 and
 * IPv6), checksums recomputed here independently, nanosecond timestamps, the `.part` file renamed
 * only on close, and backpressure with tiny chunks.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEndpoint } from '../../../electron/engine/decode/address.ts';
import { decodeNetwork } from '../../../electron/engine/decode/link.ts';
import { newPacketInfo } from '../../../electron/engine/decode/packet-info.ts';
import {
  PCAP_NANOSECOND_MAGIC,
  PcapWriter,
  splitTime,
  timestampOf,
  udpFrame,
} from '../../../electron/engine/sink/pcap-writer.ts';
import { readCaptureFile } from '../../../electron/engine/source/capture-file.ts';
import { tempFolder } from '../../helpers/temp-files.ts';
import { haveTshark } from '../../helpers/tshark.ts';

interface ReadBack {
  tsSec: number;
  tsNsec: number;
  linkType: number;
  frame: Uint8Array;
}

async function readBack(path: string): Promise<ReadBack[]> {
  const frames: ReadBack[] = [];
  await readCaptureFile(path, (frame) => {
    frames.push({
      tsSec: frame.tsSec,
      tsNsec: frame.tsNsec,
      linkType: frame.linkType,
      frame: frame.data.slice(frame.start, frame.start + frame.capturedLength),
    });
  });
  return frames;
}

/** What decodeNetwork finds in an Ethernet frame. */
function decode(frame: Uint8Array) {
  const info = newPacketInfo();
  const status = decodeNetwork(
    {
      tsSec: 0,
      tsNsec: 0,
      linkType: 1,
      data: frame,
      view: new DataView(frame.buffer, frame.byteOffset, frame.byteLength),
      start: 0,
      capturedLength: frame.length,
      originalLength: frame.length,
      fileOffset: 0,
      interfaceId: 0,
    },
    info,
    null,
    0,
  );
  return {
    status,
    src: formatEndpoint(info.ipVersion, info.src, info.srcPort),
    dst: formatEndpoint(info.ipVersion, info.dst, info.dstPort),
    payload: info.payload.slice(info.payloadOffset, info.payloadOffset + info.payloadLength),
  };
}

/** RFC 1071 sum of 16-bit big-endian words, folded (the test's own implementation). */
function sum16(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) + (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** Sum over the UDP pseudo-header and datagram of an Ethernet frame: 0xffff when the checksum is right. */
function udpChecksumSum(frame: Uint8Array): number {
  const v6 = frame[12] === 0x86 && frame[13] === 0xdd;
  const ip = 14;
  const udp = ip + (v6 ? 40 : 20);
  const udpLength = (frame[udp + 4]! << 8) | frame[udp + 5]!;
  const addresses = v6 ? frame.subarray(ip + 8, ip + 40) : frame.subarray(ip + 12, ip + 20);
  const pseudo = new Uint8Array(addresses.length + 4);
  pseudo.set(addresses);
  pseudo[addresses.length + 1] = 17; // protocol UDP
  pseudo[addresses.length + 2] = udpLength >> 8;
  pseudo[addresses.length + 3] = udpLength & 0xff;
  let sum = sum16(pseudo) + sum16(frame.subarray(udp, udp + udpLength));
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('udpFrame', () => {
  it('builds Ethernet + IPv4 + UDP with a valid header checksum and UDP checksum', () => {
    const payload = bytes(1, 2, 3, 4, 5); // odd length: the checksum pads with a zero byte
    const frame = udpFrame(['192.0.2.1', 5004], ['198.51.100.7', 6000], payload);
    expect(frame.length).toBe(14 + 20 + 8 + 5);
    expect([frame[12], frame[13]]).toEqual([0x08, 0x00]); // EtherType IPv4
    expect(frame[14]).toBe(0x45); // version 4, IHL 5
    expect(sum16(frame.subarray(14, 34))).toBe(0xffff); // header checksum verifies
    expect(udpChecksumSum(frame)).toBe(0xffff);
    expect(decode(frame)).toMatchObject({
      status: 'ok',
      src: '192.0.2.1:5004',
      dst: '198.51.100.7:6000',
      payload,
    });
  });

  it('builds Ethernet + IPv6 + UDP with the mandatory UDP checksum', () => {
    const payload = new Uint8Array(172).map((_, i) => i * 7);
    const frame = udpFrame(['2001:db8::1', 40000], ['2001:db8:0:1::2', 20000], payload);
    expect(frame.length).toBe(14 + 40 + 8 + 172);
    expect([frame[12], frame[13]]).toEqual([0x86, 0xdd]); // EtherType IPv6
    expect(frame[14]! >> 4).toBe(6);
    const checksum = (frame[54 + 6]! << 8) | frame[54 + 7]!;
    expect(checksum).not.toBe(0);
    expect(udpChecksumSum(frame)).toBe(0xffff);
    expect(decode(frame)).toMatchObject({
      status: 'ok',
      src: '[2001:db8::1]:40000',
      dst: '[2001:db8:0:1::2]:20000',
      payload,
    });
  });

  it('rejects mixed address families, bad addresses and oversized payloads', () => {
    expect(() => udpFrame(['192.0.2.1', 1], ['::1', 2], bytes())).toThrow(RangeError);
    expect(() => udpFrame(['192.0.2.300', 1], ['192.0.2.1', 2], bytes())).toThrow(RangeError);
    expect(() => udpFrame(['192.0.2.1', 1], ['192.0.2.2', 2], new Uint8Array(70_000))).toThrow(RangeError);
  });
});

describe('PcapWriter', () => {
  it('writes a nanosecond pcap that the reader and decoders take back, IPv4 and IPv6', async () => {
    const path = join(tempFolder(), 'mixed.pcap');
    const writer = await PcapWriter.create(path);
    const t0 = 1_700_000_000;
    const ok = writer.writeUdp(
      [t0, 123_456_789],
      ['192.0.2.1', 1000],
      ['192.0.2.2', 2000],
      bytes(0x80, 0, 1),
    );
    expect(ok).toBe(true);
    writer.writeUdp(timestampOf(t0, 1.5), ['2001:db8::a', 3000], ['2001:db8::b', 4000], bytes(9, 8, 7, 6));
    writer.writeUdp([t0 + 1, 999_999_999.6], ['192.0.2.2', 2000], ['192.0.2.1', 1000], bytes());
    await writer.close();
    expect(writer.packets).toBe(3);

    const raw = readFileSync(path);
    expect(raw.readUInt32LE(0)).toBe(PCAP_NANOSECOND_MAGIC);
    expect(raw.readUInt32LE(20)).toBe(1); // LINKTYPE_ETHERNET
    expect(raw.length).toBe(writer.bytes);

    const frames = await readBack(path);
    expect(frames.map((f) => [f.tsSec - t0, f.tsNsec])).toEqual([
      [0, 123_456_789],
      [1, 500_000_000],
      [2, 0], // rounding to the nanosecond carries into the seconds
    ]);
    expect(frames.every((f) => f.linkType === 1)).toBe(true);
    const decoded = frames.map((f) => decode(f.frame));
    expect(decoded.map((d) => [d.status, d.src, d.dst, [...d.payload]])).toEqual([
      ['ok', '192.0.2.1:1000', '192.0.2.2:2000', [0x80, 0, 1]],
      ['ok', '[2001:db8::a]:3000', '[2001:db8::b]:4000', [9, 8, 7, 6]],
      ['ok', '192.0.2.2:2000', '192.0.2.1:1000', []],
    ]);
    for (const { frame } of frames) expect(udpChecksumSum(frame)).toBe(0xffff);
    // The IPv4 identification counts up per datagram.
    expect((frames[2]!.frame[18]! << 8) | frames[2]!.frame[19]!).toBe(2);
  });

  it('splits times into seconds and nanoseconds, a base plus an offset at full precision', () => {
    expect(splitTime(12.5)).toEqual([12, 500_000_000]);
    expect(splitTime([3, 1_500_000_000])).toEqual([4, 500_000_000]);
    expect(timestampOf(1_700_000_000.25, 0.000_000_123)).toEqual([1_700_000_000, 250_000_123]);
    expect(timestampOf(1_700_000_000, 2.999_999_999_9)).toEqual([1_700_000_003, 0]);
    expect(() => splitTime(-1)).toThrow(RangeError);
    expect(() => splitTime(2 ** 32)).toThrow(RangeError);
  });

  it('writes to FILE.part and renames it only on close; abort removes it', async () => {
    const folder = tempFolder();
    const path = join(folder, 'out.pcap');
    const writer = await PcapWriter.create(path);
    writer.writeUdp(1, ['192.0.2.1', 1], ['192.0.2.2', 2], bytes(1));
    expect(existsSync(`${path}.part`)).toBe(true);
    expect(existsSync(path)).toBe(false);
    await writer.close();
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);

    const other = join(folder, 'aborted.pcap');
    const aborted = await PcapWriter.create(other);
    aborted.writeUdp(1, ['192.0.2.1', 1], ['192.0.2.2', 2], bytes(1));
    await aborted.abort();
    expect(existsSync(other)).toBe(false);
    expect(existsSync(`${other}.part`)).toBe(false);
    expect(() => aborted.writeUdp(1, ['192.0.2.1', 1], ['192.0.2.2', 2], bytes(1))).toThrow(/closed/);
  });

  it('rejects a folder that does not exist when opening', async () => {
    await expect(PcapWriter.create(join(tempFolder(), 'missing', 'x.pcap'))).rejects.toThrow(/ENOENT/);
  });

  it('signals backpressure with small chunks and keeps every record intact', async () => {
    const path = join(tempFolder(), 'many.pcap');
    const writer = await PcapWriter.create(path, { chunkBytes: 1024 });
    let refused = 0;
    const count = 5000;
    for (let i = 0; i < count; i++) {
      const payload = new Uint8Array(100 + (i % 50)).fill(i & 0xff);
      if (!writer.writeUdp(10 + i / 1000, ['192.0.2.1', 5000], ['192.0.2.2', 6000], payload)) {
        refused++;
        await writer.drain();
      }
    }
    // A record larger than a chunk still goes through.
    writer.writeUdp(20, ['192.0.2.1', 5000], ['192.0.2.2', 6000], new Uint8Array(4000).fill(7));
    await writer.close();
    expect(refused).toBeGreaterThan(0);
    const frames = await readBack(path);
    expect(frames).toHaveLength(count + 1);
    frames.slice(0, count).forEach(({ frame }, i) => {
      const { payload } = decode(frame);
      expect(payload.length).toBe(100 + (i % 50));
      expect(payload[0]).toBe(i & 0xff);
    });
    expect(decode(frames[count]!.frame).payload.length).toBe(4000);
  });

  it.skipIf(!haveTshark)('writes checksums tshark verifies as good', async () => {
    const path = join(tempFolder(), 'checksums.pcap');
    const writer = await PcapWriter.create(path);
    writer.writeUdp(1, ['192.0.2.1', 5004], ['192.0.2.2', 5006], new Uint8Array(33).fill(0x5a));
    writer.writeUdp(2, ['2001:db8::1', 5004], ['2001:db8::2', 5006], new Uint8Array(160).fill(0xa5));
    await writer.close();
    const fields = ['-T', 'fields', '-e', 'udp.checksum.status', '-e', 'ip.checksum.status'];
    const checks = ['-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'];
    const result = spawnSync('tshark', ['-n', '-r', path, ...checks, ...fields], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    // Wireshark's checksum status: 0 bad, 1 good, 2 unverified; IPv6 has no header checksum.
    const lines = result.stdout.split('\n').filter((line) => line !== '');
    expect(lines.map((line) => line.split('\t'))).toEqual([
      ['1', '1'],
      ['1', ''],
    ]);
  });
});
