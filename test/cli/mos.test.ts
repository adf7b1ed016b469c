import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type MosJson, type MosOptions, registerMosCommand, runMos } from '../../electron/cli/mos-command.ts';
import { UsageError } from '../../electron/cli/usage-error.ts';

let writes: string[];
let spy: MockInstance;

beforeEach(() => {
  writes = [];
  spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  spy.mockRestore();
});

const stdout = (): string => writes.join('');

async function json(options: MosOptions): Promise<MosJson> {
  expect(await runMos({ ...options, json: true })).toBe(0);
  return JSON.parse(stdout()) as MosJson;
}

/** Parses `callscope mos ARGS` through commander as main.ts will. */
async function command(args: string[]): Promise<number> {
  let status = -1;
  const program = new Command('callscope')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerMosCommand(program, (s) => {
    status = s;
  });
  await program.parseAsync(['mos', ...args], { from: 'user' });
  return status;
}

describe('callscope mos --ta (straight into G.107, T = Ta, Tr = 2·Ta)', () => {
  it('the G.107 default connection: R 93.21, MOS 4.409 (spec V1)', async () => {
    const result = await json({ ta: '0', ie: '0', bpl: '4.3' });
    expect(result.rFactor.toFixed(4)).toBe('93.2062');
    expect(result.mos.toFixed(3)).toBe('4.409');
    expect(result.scale).toBe('narrowband');
    expect(result.qualityLevel).toBe('good');
    expect(result.inputs.codec.provenance).toBe('user');
  });

  it('G.711 PLC vs --no-plc at 2 % loss, Ta 100 ms: MOS 4.154 vs 3.126 (spec V4, V5, pitfall 14)', async () => {
    const plc = await json({ ta: '100', loss: '2' });
    expect(plc.mos).toBeCloseTo(4.154, 3);
    expect(plc.rFactor).toBeCloseTo(83.65, 2);
    expect(plc.inputs.codec.id).toBe('g711');
    writes = [];
    const noPlc = await json({ ta: '100', loss: '2', plc: false });
    expect(noPlc.mos).toBeCloseTo(3.126, 3);
    expect(noPlc.rFactor).toBeCloseTo(60.51, 2);
    expect(noPlc.inputs.codec.id).toBe('g711-noplc');
    expect(noPlc.qualityLevel).toBe('fair');
    expect(noPlc.impairments.dominant).toBe('networkLoss');
  });

  it('G.729 with loss and burst ratio (spec V8)', async () => {
    const result = await json({ ta: '150', loss: '3', burstRatio: '1.5', codec: 'G729' });
    expect(result.rFactor).toBeCloseTo(66.54, 2);
    expect(result.mos).toBeCloseTo(3.431, 3);
    expect(result.impairments.codec).toBe(11);
  });

  it('JSON has the documented fields', async () => {
    const result = await json({ ta: '100', loss: '1' });
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['rFactor', 'mos', 'scale', 'qualityLevel', 'impairments', 'inputs']),
    );
    expect(Object.keys(result.impairments).sort()).toEqual(
      ['codec', 'delay', 'dominant', 'jitterBufferDiscards', 'networkLoss', 'other'].sort(),
    );
    expect(result.inputs).toMatchObject({ mode: 'ta', taMs: 100, lossPercent: 1, burstRatio: 1 });
  });
});

describe('callscope mos --rtt (the product pipeline)', () => {
  it('Ta = RTT/2 + ptime + codec delay + jitter buffer max(2·J, ptime)', async () => {
    const result = await json({ rtt: '100', jitter: '15', codec: 'G729' });
    expect(result.inputs).toMatchObject({
      mode: 'rtt',
      rttMs: 100,
      jitterMs: 15,
      jitterBufferMs: 30,
      packetTimeMs: 20,
    });
    expect(result.taMs).toBe(50 + 20 + 5 + 30);
    expect(result.flags).toEqual([]);
  });

  it('without --rtt or --ta the network delay is assumed 0 and flagged', async () => {
    const result = await json({});
    expect(result.inputs.mode).toBe('no-delay-measured');
    expect(result.taMs).toBe(40);
    expect(result.flags).toContain('rtt-assumed');
  });

  it('wideband G.722 gives a wideband-scale figure', async () => {
    const result = await json({ rtt: '100', jitter: '10', codec: 'G722', loss: '1' });
    expect(result.scale).toBe('wideband');
    expect(result.rFactor).toBeGreaterThan(100);
    expect(result.mos).toBeGreaterThan(4);
    expect(result.mos).toBeLessThanOrEqual(4.5);
    expect(result.flags).toContain('codec-estimate');
  });

  it('100 % loss is no media: MOS 1', async () => {
    const result = await json({ loss: '100' });
    expect(result).toMatchObject({ mos: 1, rFactor: 0, qualityLevel: 'critical' });
    expect(result.flags).toContain('no-media');
  });

  it('MOS never increases with more loss or more RTT', async () => {
    let previous = Number.POSITIVE_INFINITY;
    for (const loss of [0, 0.5, 1, 2, 5, 10, 20, 50, 99, 100]) {
      writes = [];
      const { mos } = await json({ rtt: '100', loss: String(loss) });
      expect(mos).toBeLessThanOrEqual(previous);
      previous = mos;
    }
    previous = Number.POSITIVE_INFINITY;
    for (const rtt of [0, 50, 100, 200, 400, 800, 1600, 3200, 9999]) {
      writes = [];
      const { mos } = await json({ rtt: String(rtt), loss: '1' });
      expect(mos).toBeLessThanOrEqual(previous);
      previous = mos;
    }
  });
});

describe('human output', () => {
  it('prints R, MOS, scale, quality level and the breakdown', async () => {
    expect(await runMos({ ta: '100', loss: '2' })).toBe(0);
    const text = stdout();
    expect(text).toMatch(/^R factor {2}83\.65 \(narrowband scale 0-100, G\.107\)$/m);
    expect(text).toMatch(/^MOS {7}4\.154 \(narrowband\)$/m);
    expect(text).toMatch(/^Quality {3}Good; G\.109 rating Good \(satisfied\)$/m);
    expect(text).toMatch(/^ {2}delay \(Id\) +2\.69$/m);
    expect(text).toMatch(/^ {2}codec \(Ie\) +0\.00$/m);
    expect(text).toMatch(/^ {2}network loss +7\.01$/m);
    expect(text).toMatch(/^ {2}jitter-buffer discards +0\.00$/m);
    expect(text).toMatch(/^ {2}other \(Is, noise, A\) +6\.64$/m);
    expect(text).toMatch(/^ {2}dominant +networkLoss$/m);
  });

  it('shows the wideband scale and its narrowband equivalent, and the notes', async () => {
    await runMos({ codec: 'g722' });
    const text = stdout();
    expect(text).toMatch(/wideband scale 0-129, G\.107\.1; \d+\.\d\d on the narrowband scale/);
    expect(text).toMatch(/^Note: codec values are estimates/m);
    expect(text).toMatch(/^Note: no --rtt or --ta/m);
  });
});

describe('callscope mos through commander', () => {
  it('parses the options and sets the status', async () => {
    expect(await command(['--ta', '100', '--loss', '2', '--no-plc', '--json'])).toBe(0);
    const result = JSON.parse(stdout()) as MosJson;
    expect(result.mos).toBeCloseTo(3.126, 3);
    expect(result.inputs.burstRatio).toBe(1);
  });

  it('parses --burst-ratio, --codec, --rtt and --jitter', async () => {
    expect(
      await command([
        '--rtt',
        '200',
        '--jitter',
        '20',
        '--codec',
        'PCMA',
        '--loss',
        '5',
        '--burst-ratio',
        '2',
        '--json',
      ]),
    ).toBe(0);
    const result = JSON.parse(stdout()) as MosJson;
    expect(result.inputs).toMatchObject({ rttMs: 200, jitterMs: 20, lossPercent: 5, burstRatio: 2 });
    expect(result.inputs.codec.id).toBe('g711');
  });

  it('bad values end in a UsageError (exit status 2 in main.ts)', async () => {
    await expect(command(['--loss', '120'])).rejects.toThrow(UsageError);
  });

  it('unknown options are commander errors', async () => {
    await expect(command(['--bogus'])).rejects.toBeInstanceOf(CommanderError);
  });
});

describe('validation', () => {
  it.each<[string, MosOptions, RegExp]>([
    ['loss above 100', { loss: '101' }, /^--loss expects a percentage 0-100, got 101$/],
    ['negative loss', { loss: '-1' }, /--loss/],
    ['loss not a number', { loss: 'lots' }, /^--loss expects a number, got 'lots'$/],
    ['burst ratio below 1', { burstRatio: '0.5' }, /^--burst-ratio expects a number >= 1, got 0\.5$/],
    ['burst ratio NaN', { burstRatio: 'NaN' }, /--burst-ratio expects a number/],
    ['negative Ta', { ta: '-1' }, /^--ta expects milliseconds >= 0 and < 10000, got -1$/],
    ['Ta of 10 s', { ta: '10000' }, /--ta expects milliseconds/],
    ['infinite RTT', { rtt: 'Infinity' }, /--rtt expects a number/],
    ['hex jitter', { rtt: '10', jitter: '0x10' }, /--jitter expects a number/],
    ['empty RTT', { rtt: '' }, /--rtt expects a number/],
    ['Ie above 100', { ie: '101', bpl: '4' }, /^--ie expects 0-100, got 101$/],
    ['Bpl 0', { ie: '10', bpl: '0' }, /^--bpl expects a number > 0, got 0$/],
    ['Ie without Bpl', { ie: '10' }, /--ie and --bpl go together/],
    ['codec with Ie', { codec: 'PCMU', ie: '1', bpl: '4' }, /exclude each other/],
    ['Ta with RTT', { ta: '10', rtt: '20' }, /--ta and --rtt exclude each other/],
    ['Ta with jitter', { ta: '10', jitter: '20' }, /--jitter applies to --rtt/],
    ['unknown codec', { codec: 'foo' }, /^unknown codec 'foo' \(known: g711, /],
    ['--no-plc with G.729', { codec: 'G729', plc: false }, /--no-plc applies to G\.711 only/],
  ])('%s', async (_name, options, message) => {
    const error = await runMos(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(stdout()).toBe('');
  });

  it('accepts numbers from code as well as strings', async () => {
    const result = await json({ ta: 100, loss: 2 });
    expect(result.mos).toBeCloseTo(4.154, 3);
  });
});
