import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  defaultShellState,
  MAX_RECENT_FILES,
  parseShellState,
  ShellStateFile,
  withRecentFile,
} from '../../electron/main/shell-state.ts';
import { tempFolder } from '../helpers/temp-files.ts';

describe('parseShellState', () => {
  it('gives defaults for a missing or broken file', () => {
    for (const text of [null, '', '{', '[]', 'null'])
      expect(parseShellState(text)).toEqual(defaultShellState());
  });

  it('keeps each valid part', () => {
    const text = JSON.stringify({
      window: { x: -5, y: 10, width: 1200, height: 800, maximized: true },
      theme: 'purple',
      recentFiles: ['/a.pcap', 3, '', '/a.pcap', '/b.pcap'],
    });
    expect(parseShellState(text)).toEqual({
      window: { x: -5, y: 10, width: 1200, height: 800, maximized: true },
      theme: 'system',
      recentFiles: ['/a.pcap', '/b.pcap'],
    });
    expect(parseShellState(JSON.stringify({ window: { width: 'big' }, theme: 'dark' }))).toEqual({
      ...defaultShellState(),
      theme: 'dark',
    });
  });
});

describe('withRecentFile', () => {
  it('puts the file first, once, and keeps at most ten', () => {
    expect(withRecentFile(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    const many = Array.from({ length: MAX_RECENT_FILES }, (_, i) => `/f${i}`);
    const next = withRecentFile(many, '/new');
    expect(next).toHaveLength(MAX_RECENT_FILES);
    expect(next[0]).toBe('/new');
    expect(next).not.toContain(`/f${MAX_RECENT_FILES - 1}`);
  });
});

describe('ShellStateFile', () => {
  it('writes every change atomically and reads it back', () => {
    const folder = tempFolder();
    const path = join(folder, 'window-state.json');
    const file = new ShellStateFile(path);
    expect(file.get()).toEqual(defaultShellState());
    file.update({ window: { x: 1, y: 2, width: 900, height: 600, maximized: false }, theme: 'light' });
    file.addRecentFile('/x.pcapng');
    expect(readdirSync(folder)).toEqual(['window-state.json']);
    expect(new ShellStateFile(path).get()).toEqual({
      window: { x: 1, y: 2, width: 900, height: 600, maximized: false },
      theme: 'light',
      recentFiles: ['/x.pcapng'],
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).theme).toBe('light');
  });

  it('survives a damaged file and reports write failures', () => {
    const folder = tempFolder();
    const path = join(folder, 'window-state.json');
    writeFileSync(path, '{"theme": "da');
    expect(new ShellStateFile(path).get()).toEqual(defaultShellState());

    const onError = vi.fn();
    const blocked = new ShellStateFile(join(path, 'cannot', 'be', 'here.json'), onError);
    blocked.update({ theme: 'dark' });
    expect(onError).toHaveBeenCalled();
    expect(blocked.get().theme).toBe('dark');
  });
});
