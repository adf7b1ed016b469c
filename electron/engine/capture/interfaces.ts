/**
 * The network interfaces a live capture can use: from the capture helper (libpcap's
 * pcap_findalldevs, the same names the capture accepts), or from the OS when the helper is missing.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { captureHelperPath } from './helper-path.ts';

/** One address of an interface. */
export interface InterfaceAddress {
  family: 'inet' | 'inet6' | 'other';
  /** Numeric form: "127.0.0.1", "::1". */
  address: string;
  /** "255.0.0.0", "ffff:ffff:ffff:ffff::"; null when unknown. */
  netmask: string | null;
}

/** A capture interface with its addresses and state flags. */
export interface NetworkInterfaceInfo {
  /** Name to pass as `LiveCaptureOptions.interface`. */
  name: string;
  /** libpcap's description (e.g. "Pseudo-device that captures on all interfaces"), or null. */
  description: string | null;
  addresses: InterfaceAddress[];
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Operationally running (IFF_RUNNING). */
  running: boolean;
  /** Loopback interface (IFF_LOOPBACK). */
  loopback: boolean;
}

/** The interfaces and where the list came from: the capture helper, or the OS as a fallback. */
export interface InterfaceList {
  interfaces: NetworkInterfaceInfo[];
  source: 'libpcap' | 'os';
}

const LIST_TIMEOUT_MS = 5000;
const MAX_LIST_OUTPUT = 4 * 1024 * 1024;
// Linux interface flags, as in /sys/class/net/<name>/flags (include/uapi/linux/if.h).
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const IFF_RUNNING = 0x40;
const SYS_CLASS_NET = '/sys/class/net';
const HEX = 16;

/**
 * Lists the capture interfaces with `callscope-capture list`; when the helper is missing or fails,
 * lists them from `os.networkInterfaces()` (plus, on Linux, the flags and the address-less interfaces
 * of /sys/class/net) with `source: 'os'`. Never rejects.
 */
export async function listInterfaces(): Promise<InterfaceList> {
  const helper = captureHelperPath();
  if (helper !== null) {
    const listed = await listFromHelper(helper);
    if (listed !== null) return { interfaces: listed, source: 'libpcap' };
  }
  return { interfaces: await listFromOs(), source: 'os' };
}

function listFromHelper(helper: string): Promise<NetworkInterfaceInfo[] | null> {
  return new Promise((resolve) => {
    execFile(
      helper,
      ['list'],
      { encoding: 'utf8', timeout: LIST_TIMEOUT_MS, maxBuffer: MAX_LIST_OUTPUT, windowsHide: true },
      (error, stdout) => {
        if (error !== null) {
          resolve(null);
          return;
        }
        try {
          resolve(parseInterfaceList(JSON.parse(stdout)));
        } catch {
          resolve(null);
        }
      },
    );
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseAddress(value: unknown): InterfaceAddress | null {
  if (!isRecord(value) || typeof value.address !== 'string') return null;
  const family = value.family === 'inet' || value.family === 'inet6' ? value.family : 'other';
  const netmask = typeof value.netmask === 'string' ? value.netmask : null;
  return { family, address: value.address, netmask };
}

/** Checks the helper's JSON (`[{ name, description, addresses, up, running, loopback }, ...]`); null if it is not that. */
export function parseInterfaceList(json: unknown): NetworkInterfaceInfo[] | null {
  if (!Array.isArray(json)) return null;
  const interfaces: NetworkInterfaceInfo[] = [];
  for (const entry of json) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.addresses)) return null;
    const addresses: InterfaceAddress[] = [];
    for (const item of entry.addresses) {
      const address = parseAddress(item);
      if (address !== null) addresses.push(address);
    }
    interfaces.push({
      name: entry.name,
      description: typeof entry.description === 'string' ? entry.description : null,
      addresses,
      up: entry.up === true,
      running: entry.running === true,
      loopback: entry.loopback === true,
    });
  }
  return interfaces;
}

/** IFF_* flags of a Linux interface from sysfs, or null when unreadable (other OSes, odd names). */
async function linuxFlags(name: string): Promise<number | null> {
  if (process.platform !== 'linux' || name.includes('/') || name === '.' || name === '..') return null;
  try {
    const flags = Number.parseInt((await readFile(`${SYS_CLASS_NET}/${name}/flags`, 'utf8')).trim(), HEX);
    return Number.isInteger(flags) ? flags : null;
  } catch {
    return null;
  }
}

async function listFromOs(): Promise<NetworkInterfaceInfo[]> {
  const table = networkInterfaces();
  const names = Object.keys(table);
  if (process.platform === 'linux') {
    // os.networkInterfaces() leaves out interfaces without an address (e.g. a down one).
    try {
      for (const name of await readdir(SYS_CLASS_NET)) if (!names.includes(name)) names.push(name);
    } catch {
      // no sysfs: the addressed interfaces are all we know
    }
  }
  return Promise.all(
    names.map(async (name): Promise<NetworkInterfaceInfo> => {
      const entries = table[name] ?? [];
      const addresses = entries.map(
        (entry): InterfaceAddress => ({
          family: entry.family === 'IPv4' ? 'inet' : entry.family === 'IPv6' ? 'inet6' : 'other',
          address: entry.address,
          netmask: entry.netmask === '' ? null : entry.netmask,
        }),
      );
      const flags = await linuxFlags(name);
      if (flags !== null) {
        return {
          name,
          description: null,
          addresses,
          up: (flags & IFF_UP) !== 0,
          running: (flags & IFF_RUNNING) !== 0,
          loopback: (flags & IFF_LOOPBACK) !== 0,
        };
      }
      // Without flags: the OS lists an interface with addresses, so take it as up and running.
      const loopback = entries.some((entry) => entry.internal);
      return { name, description: null, addresses, up: true, running: true, loopback };
    }),
  );
}
