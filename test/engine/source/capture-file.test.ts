import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../../electron/engine/source/capture-file.ts';
import { CaptureFormatError } from '../../../electron/engine/source/frame.ts';
import {
  concat,
  copyFrame,
  epb,
  type FrameCopy,
  idb,
  offsetsOf,
  parseCapture,
  payload,
  pcapHeader,
  pcapRecord,
  shb,
} from './capture-bytes.ts';

/** The shared capture corpus lives next to the repository: /work/main/../shared/captures. */
const CAPTURES = fileURLToPath(new URL('../../../../shared/captures/', import.meta.url));
const NDPI_RTP = join(CAPTURES, 'ndpi-rtp.pcapng');
const RTPPROXY_NULL = join(CAPTURES, 'rtpproxy-DLT_NULL.a.pcap');

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'callscope-capture-file-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFile(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function readAll(
  path: string,
  options?: Parameters<typeof readCaptureFile>[2],
): Promise<{ frames: FrameCopy[]; result: Promise<Awaited<ReturnType<typeof readCaptureFile>>> }> {
  const frames: FrameCopy[] = [];
  const result = readCaptureFile(path, (frame) => frames.push(copyFrame(frame)), options);
  await result.catch(() => {});
  return { frames, result };
}

describe('readCaptureFile', () => {
  const records = Array.from({ length: 40 }, (_, i) =>
    pcapRecord({ seconds: 1_000 + i, fraction: i, data: payload(30 + i, i) }),
  );
  const classic = concat(pcapHeader({ network: 113 }), ...records);

  it('reads a classic file and summarises it', async () => {
    const path = await tempFile('small.pcap', classic);
    const { frames, result } = await readAll(path);
    await expect(result).resolves.toEqual({
      format: 'pcap',
      frames: 40,
      bytesRead: classic.length,
      interfaces: [{ linkType: 113, snapLength: 65_535, tsUnitsPerSecond: 1_000_000 }],
    });
    expect(frames).toEqual(parseCapture(classic).frames);
  });

  it('reads a file many times the chunk size, records straddling chunks', async () => {
    const bytes = concat(
      shb('be'),
      idb('be', 1, 0),
      ...records.map((_, i) => epb('be', { data: payload(50, i) })),
    );
    const path = await tempFile('chunked.pcapng', bytes);
    const { frames, result } = await readAll(path, { chunkSize: 64 });
    await expect(result).resolves.toMatchObject({ format: 'pcapng', frames: 40, bytesRead: bytes.length });
    expect(frames).toEqual(parseCapture(bytes).frames);
    expect(frames[39]?.bytes).toEqual(Array.from(payload(50, 39)));
  });

  it('delivers every frame before damage, then rejects with its offset', async () => {
    const damaged = concat(
      classic,
      pcapRecord({ seconds: 1, fraction: 0, data: [], includedLength: 0x7fff_ffff }),
    );
    const path = await tempFile('damaged.pcap', damaged);
    const { frames, result } = await readAll(path, { chunkSize: 64 });
    await expect(result).rejects.toThrow(CaptureFormatError);
    await expect(result).rejects.toMatchObject({ offset: classic.length });
    expect(frames).toHaveLength(40);
  });

  it('rejects a truncated file after its complete records', async () => {
    const path = await tempFile('truncated.pcap', classic.subarray(0, classic.length - 5));
    const { frames, result } = await readAll(path, { chunkSize: 100 });
    const lastStart = offsetsOf([pcapHeader(), ...records])[40];
    await expect(result).rejects.toThrow(/^truncated record: \d+ of \d+ bytes/);
    await expect(result).rejects.toMatchObject({ offset: lastStart });
    expect(frames).toHaveLength(39);
  });

  it('rejects an empty file', async () => {
    const path = await tempFile('empty.pcap', new Uint8Array(0));
    const { result } = await readAll(path);
    await expect(result).rejects.toThrow(new CaptureFormatError('empty file', 0));
  });

  it('rejects a missing file with the fs error', async () => {
    const { result } = await readAll(join(dir, 'no-such-file.pcap'));
    await expect(result).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops when the signal aborts', async () => {
    const path = await tempFile('abort.pcap', classic);
    const controller = new AbortController();
    let seen = 0;
    const result = readCaptureFile(
      path,
      () => {
        seen++;
        controller.abort();
      },
      { chunkSize: 64, signal: controller.signal },
    );
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBeLessThan(40);
    await expect(readCaptureFile(path, () => {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('refuses a chunk size that is not a positive integer', async () => {
    const path = await tempFile('chunk-size.pcap', classic);
    await expect(readCaptureFile(path, () => {}, { chunkSize: 0 })).rejects.toThrow(RangeError);
  });

  it.skipIf(!existsSync(NDPI_RTP))('reads the real ndpi-rtp.pcapng (112 Ethernet frames)', async () => {
    const linkTypes = new Set<number>();
    const summary = await readCaptureFile(NDPI_RTP, (frame) => linkTypes.add(frame.linkType), {
      chunkSize: 4096,
    });
    expect(summary).toMatchObject({ format: 'pcapng', frames: 112 });
    expect(summary.interfaces.every((iface) => iface.linkType === 1)).toBe(true);
    expect([...linkTypes]).toEqual([1]);
  });

  it.skipIf(!existsSync(RTPPROXY_NULL))(
    'reads the real rtpproxy-DLT_NULL.a.pcap (600 DLT_NULL frames)',
    async () => {
      const linkTypes = new Set<number>();
      const summary = await readCaptureFile(RTPPROXY_NULL, (frame) => linkTypes.add(frame.linkType));
      expect(summary).toMatchObject({ format: 'pcap', frames: 600 });
      expect(summary.interfaces).toHaveLength(1);
      expect(summary.interfaces[0]?.linkType).toBe(0);
      expect([...linkTypes]).toEqual([0]);
    },
  );
});
