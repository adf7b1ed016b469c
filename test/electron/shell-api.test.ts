import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../electron/main/settings-store.ts';
import { createShellApi } from '../../electron/main/shell-api.ts';
import type { EngineUpdate } from '../../shared/ipc.ts';

function setup(options: { file?: string | null; folder?: string | null } = {}) {
  const listeners = new Set<(update: EngineUpdate) => void>();
  const engine = {
    listInterfaces: vi.fn(async () => []),
    startCapture: vi.fn(async () => undefined),
    stopCapture: vi.fn(async () => undefined),
    openFile: vi.fn(async () => undefined),
    cancel: vi.fn(async () => undefined),
    exportReport: vi.fn(async (request?: { folder?: string }) => [`${request?.folder}/streams.csv`]),
    getSettings: vi.fn(async () => defaultSettings()),
    saveSettings: vi.fn(async (settings) => settings),
    listFiles: vi.fn(async () => ['/engine-offered.pcap']),
  };
  const dialogs = {
    chooseCaptureFile: vi.fn(async () => (options.file === undefined ? '/chosen.pcapng' : options.file)),
    chooseExportFolder: vi.fn(async () => (options.folder === undefined ? '/exports' : options.folder)),
  };
  let recentFiles: string[] = [];
  const recent = {
    recentFiles: () => recentFiles,
    addRecentFile: vi.fn((path: string) => {
      recentFiles = [path, ...recentFiles.filter((p) => p !== path)];
    }),
  };
  const reported: EngineUpdate[] = [];
  const updates = {
    onUpdate: (listener: (update: EngineUpdate) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report: (update: EngineUpdate) => reported.push(update),
  };
  const emit = (update: EngineUpdate) => {
    for (const listener of listeners) listener(update);
  };
  const api = createShellApi(engine, dialogs, recent, updates);
  return { api, engine, dialogs, recent, reported, emit, listeners };
}

describe('createShellApi', () => {
  it('opens a given path without a dialog and remembers it', async () => {
    const { api, engine, dialogs } = setup();
    await api.openFile({ path: '/a.pcap' });
    expect(engine.openFile).toHaveBeenCalledWith({ path: '/a.pcap' });
    expect(dialogs.chooseCaptureFile).not.toHaveBeenCalled();
    await expect(api.listFiles()).resolves.toEqual(['/a.pcap']);
  });

  it('asks with the open dialog when no path is given; a cancel does nothing', async () => {
    const chosen = setup();
    await chosen.api.openFile();
    expect(chosen.engine.openFile).toHaveBeenCalledWith({ path: '/chosen.pcapng' });
    const cancelled = setup({ file: null });
    await cancelled.api.openFile();
    expect(cancelled.engine.openFile).not.toHaveBeenCalled();
    expect(cancelled.recent.addRecentFile).not.toHaveBeenCalled();
  });

  it('asks for the export folder when none is given; a cancel exports nothing', async () => {
    const chosen = setup();
    await expect(chosen.api.exportReport()).resolves.toEqual(['/exports/streams.csv']);
    await expect(chosen.api.exportReport({})).resolves.toEqual(['/exports/streams.csv']);
    await expect(chosen.api.exportReport({ folder: '/given' })).resolves.toEqual(['/given/streams.csv']);
    expect(chosen.dialogs.chooseExportFolder).toHaveBeenCalledTimes(2);
    const cancelled = setup({ folder: null });
    await expect(cancelled.api.exportReport()).resolves.toEqual([]);
    expect(cancelled.engine.exportReport).not.toHaveBeenCalled();
  });

  it('reports a failed open the engine did not report, once', async () => {
    const { api, engine, reported, emit, listeners } = setup();
    engine.openFile.mockRejectedValueOnce(
      Object.assign(new Error('busy: capturing (stop it first)'), { kind: 'busy' }),
    );
    await expect(api.openFile({ path: '/a.pcap' })).rejects.toThrow('busy');
    expect(reported).toEqual([
      { kind: 'error', errorKind: 'busy', message: 'busy: capturing (stop it first)', hint: null },
    ]);

    engine.openFile.mockImplementationOnce(async () => {
      emit({ kind: 'error', errorKind: 'unreadable', message: 'ENOENT', hint: null });
      throw Object.assign(new Error('ENOENT'), { kind: 'unreadable' });
    });
    await expect(api.openFile({ path: '/gone.pcap' })).rejects.toThrow('ENOENT');
    expect(reported).toHaveLength(1);
    expect(listeners.size).toBe(0);
  });

  it('passes the other methods through and offers the recent files', async () => {
    const { api, engine } = setup();
    await api.startCapture({ interface: 'eth0' });
    expect(engine.startCapture).toHaveBeenCalledWith({ interface: 'eth0' });
    await api.stopCapture();
    await api.cancel();
    await api.listInterfaces();
    await expect(api.getSettings()).resolves.toEqual(defaultSettings());
    await api.saveSettings(defaultSettings());
    expect(engine.saveSettings).toHaveBeenCalledWith(defaultSettings());
    await expect(api.listFiles()).resolves.toEqual([]);
    expect(engine.listFiles).not.toHaveBeenCalled();
  });
});
