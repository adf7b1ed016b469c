/**
 * What `callscope generate` produces: the scenario options, their defaults and their validation.
 * A bad value throws a RangeError naming the option (the CLI turns it into a usage error).
 */

import { parseAddress } from '../decode/address.ts';
import { CODEC_PROFILES, findCodecProfile } from './codec-profiles.ts';

/** A host address (IPv4 or IPv6 text) and a UDP port. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Everything that shapes the generated traffic. The same options (seed included) give the same bytes. */
export interface GenerateOptions {
  /** Calls, 1-5000 (default 1). Call k (0-based) uses media ports base + 2k (RTP) and base + 2k + 1 (RTCP). */
  calls: number;
  /** Media per call, seconds, 0.1-3600 (default 10). */
  durationS: number;
  /** PCMU (default), PCMA, G722, G729, opus or GSM; stored in its canonical spelling. */
  codec: string;
  /** Extra one-way delay per RTP packet, uniform in 0..jitterMs, ms (0-1000, default 0). */
  jitterMs: number;
  /** Long-run share of RTP packets the network drops, percent (0-100, default 0). */
  lossPercent: number;
  /** Burst ratio of the 2-state Gilbert loss model (>= 1, at most 100; 1 = random loss; default 1). */
  burstRatio: number;
  /** Share of RTP packets held back by 1-3 packet times, percent (0-100, default 0). */
  reorderPercent: number;
  /** Share of RTP packets delivered twice (the copy 0-2 ms later), percent (0-100, default 0). */
  duplicatePercent: number;
  /** Seed of every random choice, an integer 0-4294967295 (default 1). */
  seed: number;
  /** Set each call up with SIP over UDP (INVITE/100/180/200/ACK, then BYE/200) with SDP (default false). */
  withSip: boolean;
  /** The callee side: its address and the RTP port of call 0 (default 192.0.2.2:40000). */
  destination: Endpoint;
  /** The caller side: its address and the RTP port of call 0 (default 192.0.2.1:20000). */
  source: Endpoint;
  /** Mean interval between one side's RTCP sender reports, s (each one 0.5-1.5 times it, RFC 3550; 0.5-600, default 5). */
  rtcpIntervalS: number;
  /** Capture time of the start of the scenario, seconds since the Unix epoch (file mode; default 1 700 000 000). */
  startTimeSec: number;
  /**
   * One-way delay of the path between caller and callee, ms (0-5000, default 40). File mode puts the
   * capture point in the middle: each endpoint is half of it away. Live mode uses 0 (the real path adds its own).
   */
  pathDelayMs: number;
  /** SIP port of the callee (default 5060); the caller uses this + 2 so both fit on one host. */
  sipPort: number;
}

/** Defaults of every option. */
export const DEFAULT_GENERATE_OPTIONS: Readonly<GenerateOptions> = Object.freeze({
  calls: 1,
  durationS: 10,
  codec: 'PCMU',
  jitterMs: 0,
  lossPercent: 0,
  burstRatio: 1,
  reorderPercent: 0,
  duplicatePercent: 0,
  seed: 1,
  withSip: false,
  destination: Object.freeze({ address: '192.0.2.2', port: 40_000 }),
  source: Object.freeze({ address: '192.0.2.1', port: 20_000 }),
  rtcpIntervalS: 5,
  startTimeSec: 1_700_000_000,
  pathDelayMs: 40,
  sipPort: 5060,
});

export const MAX_CALLS = 5000;
export const MAX_DURATION_S = 3600;
export const MIN_DURATION_S = 0.1;
/** Jitter above this could displace a packet by more than RFC 3550's MAX_MISORDER (100 packets). */
export const MAX_JITTER_MS = 1000;
export const MAX_BURST_RATIO = 100;
export const MAX_SEED = 0xffff_ffff;
const MAX_PORT = 65_535;
/** Offset of the caller's SIP port from the callee's. */
export const CALLER_SIP_PORT_OFFSET = 2;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

function numberIn(name: string, value: unknown, min: number, max: number): number {
  check(
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max,
    `${name} must be a number from ${min} to ${max}, got ${String(value)}`,
  );
  return value as number;
}

function integerIn(name: string, value: unknown, min: number, max: number): number {
  const number = numberIn(name, value, min, max);
  check(Number.isInteger(number), `${name} must be a whole number, got ${number}`);
  return number;
}

function endpoint(name: string, value: Endpoint, ports: number): Endpoint {
  const parsed = typeof value?.address === 'string' ? parseAddress(value.address) : null;
  check(parsed !== null, `${name} address must be an IPv4 or IPv6 address, got '${String(value?.address)}'`);
  integerIn(`${name} port`, value.port, 1, MAX_PORT);
  check(
    value.port + ports - 1 <= MAX_PORT,
    `${name} port ${value.port} leaves no room for ${ports} ports (the last would be ${value.port + ports - 1})`,
  );
  return { address: value.address, port: value.port };
}

/** Whether two address texts name the same host address. */
export function sameAddress(a: string, b: string): boolean {
  const x = parseAddress(a);
  const y = parseAddress(b);
  return x !== null && y !== null && x.ipVersion === y.ipVersion && x.bytes.every((v, i) => v === y.bytes[i]);
}

/** Throws when two port ranges [a, a + n) and [b, b + m) overlap. */
function disjoint(what: string, a: number, n: number, b: number, m: number): void {
  check(a + n <= b || b + m <= a, `${what} overlap on the same address: choose other ports`);
}

/** Options with defaults filled in, validated; throws RangeError naming the first bad option. */
export function resolveGenerateOptions(partial: Partial<GenerateOptions> = {}): GenerateOptions {
  const o = { ...DEFAULT_GENERATE_OPTIONS, ...partial };
  const calls = integerIn('calls', o.calls, 1, MAX_CALLS);
  const codec = typeof o.codec === 'string' ? findCodecProfile(o.codec) : undefined;
  check(
    codec !== undefined,
    `unknown codec '${String(o.codec)}' (known: ${CODEC_PROFILES.map((c) => c.name).join(', ')})`,
  );
  const media = 2 * calls;
  const destination = endpoint('destination', o.destination, media);
  const source = endpoint('source', o.source, media);
  const v4 = (text: string) => parseAddress(text)?.ipVersion === 4;
  check(
    v4(destination.address) === v4(source.address),
    'source and destination must both be IPv4 or both IPv6',
  );
  const sipPort = integerIn('sipPort', o.sipPort, 1, MAX_PORT - CALLER_SIP_PORT_OFFSET);
  const callerSip = sipPort + CALLER_SIP_PORT_OFFSET;
  if (sameAddress(source.address, destination.address)) {
    disjoint('caller and callee media ports', source.port, media, destination.port, media);
  }
  if (o.withSip) {
    disjoint('callee SIP port and callee media ports', sipPort, 1, destination.port, media);
    disjoint('caller SIP port and caller media ports', callerSip, 1, source.port, media);
    if (sameAddress(source.address, destination.address)) {
      disjoint('callee SIP port and caller media ports', sipPort, 1, source.port, media);
      disjoint('caller SIP port and callee media ports', callerSip, 1, destination.port, media);
    }
  }
  return {
    calls,
    durationS: numberIn('durationS', o.durationS, MIN_DURATION_S, MAX_DURATION_S),
    codec: codec!.name,
    jitterMs: numberIn('jitterMs', o.jitterMs, 0, MAX_JITTER_MS),
    lossPercent: numberIn('lossPercent', o.lossPercent, 0, 100),
    burstRatio: numberIn('burstRatio', o.burstRatio, 1, MAX_BURST_RATIO),
    reorderPercent: numberIn('reorderPercent', o.reorderPercent, 0, 100),
    duplicatePercent: numberIn('duplicatePercent', o.duplicatePercent, 0, 100),
    seed: integerIn('seed', o.seed, 0, MAX_SEED),
    withSip: typeof o.withSip === 'boolean' ? o.withSip : Boolean(o.withSip),
    destination,
    source,
    rtcpIntervalS: numberIn('rtcpIntervalS', o.rtcpIntervalS, 0.5, 600),
    startTimeSec: numberIn('startTimeSec', o.startTimeSec, 0, 0xffff_ffff),
    pathDelayMs: numberIn('pathDelayMs', o.pathDelayMs, 0, 5000),
    sipPort,
  };
}
