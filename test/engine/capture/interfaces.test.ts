import { afterEach, describe, expect, it } from 'vitest';
import { CAPTURE_HELPER_ENV, captureHelperPath } from '../../../electron/engine/capture/helper-path.ts';
import { listInterfaces, parseInterfaceList } from '../../../electron/engine/capture/interfaces.ts';

const helper = captureHelperPath();
const isLinux = process.platform === 'linux';
if (helper === null)
  console.warn('NOTICE: interface listing through the capture helper skipped: helper not built');
if (!isLinux)
  console.warn('NOTICE: OS fallback interface test skipped: it expects Linux (lo, /sys/class/net)');

const saved = process.env[CAPTURE_HELPER_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[CAPTURE_HELPER_ENV];
  else process.env[CAPTURE_HELPER_ENV] = saved;
});

describe('listInterfaces', () => {
  it.skipIf(helper === null)('lists lo through the helper (libpcap) with its address and flags', async () => {
    const { interfaces, source } = await listInterfaces();
    expect(source).toBe('libpcap');
    const lo = interfaces.find((i) => i.name === 'lo');
    expect(lo).toBeDefined();
    expect(lo?.loopback).toBe(true);
    expect(lo?.up).toBe(true);
    expect(lo?.running).toBe(true);
    expect(lo?.addresses).toContainEqual({ family: 'inet', address: '127.0.0.1', netmask: '255.0.0.0' });
    // Every listed interface has a name and well-formed addresses.
    for (const i of interfaces) {
      expect(i.name).not.toBe('');
      for (const a of i.addresses) expect(['inet', 'inet6']).toContain(a.family);
    }
  });

  it.skipIf(!isLinux)('falls back to the OS when the helper is missing', async () => {
    process.env[CAPTURE_HELPER_ENV] = '/nonexistent/callscope-capture';
    expect(captureHelperPath()).toBeNull();
    const { interfaces, source } = await listInterfaces();
    expect(source).toBe('os');
    const lo = interfaces.find((i) => i.name === 'lo');
    expect(lo).toBeDefined();
    expect(lo?.loopback).toBe(true);
    expect(lo?.up).toBe(true);
    expect(lo?.addresses).toContainEqual({ family: 'inet', address: '127.0.0.1', netmask: '255.0.0.0' });
  });

  it.skipIf(!isLinux)('falls back to the OS when the helper fails', async () => {
    process.env[CAPTURE_HELPER_ENV] = '/bin/false';
    const { interfaces, source } = await listInterfaces();
    expect(source).toBe('os');
    expect(interfaces.map((i) => i.name)).toContain('lo');
  });
});

describe('parseInterfaceList', () => {
  it('accepts the helper JSON and rejects anything else', () => {
    const json = [
      {
        name: 'eth0',
        description: null,
        addresses: [{ family: 'inet6', address: 'fe80::1', netmask: null }],
        up: true,
        running: false,
        loopback: false,
      },
    ];
    expect(parseInterfaceList(json)).toEqual(json);
    expect(parseInterfaceList({})).toBeNull();
    expect(parseInterfaceList([{ addresses: [] }])).toBeNull();
  });
});
