import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, FileSettingsStore, parseSettings } from '../../electron/main/settings-store.ts';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds.ts';
import { tempFolder } from '../helpers/temp-files.ts';

describe('parseSettings', () => {
  it('gives the defaults for a missing file', () => {
    expect(parseSettings(null)).toEqual({
      interface: null,
      filter: null,
      jitterBuffer: 'adaptive',
      jitterBufferMs: 60,
      thresholds: DEFAULT_THRESHOLDS,
    });
  });

  it('gives the defaults for broken JSON and non-objects', () => {
    for (const text of ['', '{', 'null', '[]', '"settings"', '42'])
      expect(parseSettings(text)).toEqual(defaultSettings());
  });

  it('reads a complete file', () => {
    const settings = {
      ...defaultSettings(),
      interface: 'eth0',
      filter: 'udp',
      jitterBuffer: 'fixed',
      jitterBufferMs: 80,
    };
    expect(parseSettings(JSON.stringify(settings))).toEqual(settings);
  });

  it('keeps the valid fields of a partial or partly invalid file', () => {
    const text = JSON.stringify({
      interface: 'wlan0',
      filter: 7,
      jitterBufferMs: 5000,
      jitterBuffer: 'fixed',
      thresholds: { mos: { good: 4.2, warning: 3.6, fair: 3.1, poor: 2.6 }, rttMs: { good: 'fast' } },
      theme: 'dark',
    });
    expect(parseSettings(text)).toEqual({
      ...defaultSettings(),
      interface: 'wlan0',
      jitterBuffer: 'fixed',
      thresholds: { ...DEFAULT_THRESHOLDS, mos: { good: 4.2, warning: 3.6, fair: 3.1, poor: 2.6 } },
    });
  });

  it('never hands out the shared default objects', () => {
    const settings = parseSettings(null);
    settings.thresholds.mos.good = 1;
    expect(DEFAULT_THRESHOLDS.mos.good).toBe(4);
    expect(parseSettings(null).thresholds.mos.good).toBe(4);
  });
});

describe('FileSettingsStore', () => {
  it('loads defaults without a file and saves atomically', async () => {
    const folder = tempFolder();
    const path = join(folder, 'nested', 'settings.json');
    const store = new FileSettingsStore(path);
    expect(await store.load()).toEqual(defaultSettings());

    const changed = { ...defaultSettings(), interface: 'eth0', jitterBufferMs: 100 };
    await store.save(changed);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(changed);
    expect(readdirSync(join(folder, 'nested'))).toEqual(['settings.json']);
    expect(await new FileSettingsStore(path).load()).toEqual(changed);
  });

  it('refuses invalid settings and keeps the file', async () => {
    const path = join(tempFolder(), 'settings.json');
    const store = new FileSettingsStore(path);
    await store.save(defaultSettings());
    const before = readFileSync(path, 'utf8');
    await expect(store.save({ ...defaultSettings(), jitterBufferMs: 1 })).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect((await store.load()).jitterBufferMs).toBe(60);
  });

  it('reads a damaged file as defaults and keeps saves in order', async () => {
    const path = join(tempFolder(), 'settings.json');
    writeFileSync(path, '{"interface": "eth0", "jitterBuf');
    const store = new FileSettingsStore(path);
    expect(await store.load()).toEqual(defaultSettings());
    await Promise.all(
      [10, 20, 30].map((ms) => store.save({ ...defaultSettings(), jitterBufferMs: ms * 10 })),
    );
    expect(JSON.parse(readFileSync(path, 'utf8')).jitterBufferMs).toBe(300);
    expect((await store.load()).jitterBufferMs).toBe(300);
  });
});
