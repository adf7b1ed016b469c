/**
 * The top bar: interface and BPF filter, Start/Stop, Open…, Export, Cancel with progress, elapsed
 * time, and the capture's own health (packets/s, seen, kernel drops) always in view.
 */

import { useEffect, useRef, useState } from 'react';
import type { InterfaceInfo } from '../../../shared/ipc.ts';
import { useApp, useAppState } from '../hooks.ts';
import { bytes, count, duration, isoToSeconds, MISSING } from '../lib/format.ts';

/** The interface's first address (IPv4 first), or ''. */
export function firstAddress(info: InterfaceInfo): string {
  const inet = info.addresses.find((a) => a.family === 'inet') ?? info.addresses[0];
  return inet?.address ?? '';
}

function interfaceLabel(info: InterfaceInfo): string {
  const address = firstAddress(info);
  return `${info.name}${address ? `  ${address}` : ''}  (${info.up ? 'up' : 'down'})`;
}

/** The interface to preselect: the saved one, else the first that is up and not loopback. */
function defaultInterface(interfaces: InterfaceInfo[], saved: string | null): string {
  if (saved !== null && interfaces.some((i) => i.name === saved)) return saved;
  return (interfaces.find((i) => i.up && !i.loopback) ?? interfaces[0])?.name ?? '';
}

export interface CaptureBarProps {
  /** The file list (browser): Ctrl+O focuses it when no file is chosen. */
  fileSelectRef: React.RefObject<HTMLSelectElement | null>;
  chosenFile: string;
  onChooseFile(path: string): void;
}

export function CaptureBar({ fileSelectRef, chosenFile, onChooseFile }: CaptureBarProps) {
  const { actions, transport, store } = useApp();
  const state = useAppState();
  const { engine, settings, interfaces, snapshot, report, progress, files, connection, exported } = state;
  const [iface, setIface] = useState('');
  const [filter, setFilter] = useState('');
  const seeded = useRef({ iface: false, filter: false });

  // Prefill from the settings once they (and the interfaces) arrive, unless the user typed already.
  useEffect(() => {
    if (!seeded.current.iface && interfaces !== null && interfaces.length > 0 && settings !== null) {
      seeded.current.iface = true;
      setIface((current) => current || defaultInterface(interfaces, settings.interface));
    }
    if (!seeded.current.filter && settings !== null) {
      seeded.current.filter = true;
      setFilter((current) => current || (settings.filter ?? ''));
    }
  }, [interfaces, settings]);

  const busy = engine.state !== 'idle';
  const capturing = engine.state === 'capturing';
  const analyzing = engine.state === 'analyzing';
  const online = connection === 'open';

  const start = () => {
    if (iface === '') return;
    const trimmed = filter.trim();
    if (settings !== null && (settings.interface !== iface || (settings.filter ?? '') !== trimmed)) {
      void actions.saveSettings({ ...settings, interface: iface, filter: trimmed === '' ? null : trimmed });
    }
    void actions.startCapture(trimmed === '' ? { interface: iface } : { interface: iface, filter: trimmed });
  };

  const health = snapshot?.health ?? null;
  const kernelDrops = health?.kernelDropped ?? null;
  const elapsed =
    report !== null
      ? (isoToSeconds(report.lastTime) ?? 0) - (isoToSeconds(report.firstTime) ?? 0)
      : (snapshot?.elapsedSeconds ?? null);
  const percent =
    progress !== null && progress.totalBytes > 0
      ? Math.min(100, (progress.bytesRead / progress.totalBytes) * 100)
      : 0;

  return (
    <header className="capture-bar" data-testid="capture-bar">
      <span
        className={`engine-state state-${engine.state}`}
        data-testid="engine-state"
        data-state={engine.state}
      >
        {engine.state}
      </span>
      {transport.kind === 'websocket' && !online ? (
        <span className="connection" data-testid="connection" data-status={connection}>
          {connection === 'connecting' ? 'connecting…' : 'disconnected, reconnecting…'}
        </span>
      ) : null}

      <label className="field">
        <span>Interface</span>
        <select
          data-testid="interface-select"
          value={iface}
          disabled={busy || interfaces === null}
          onChange={(event) => setIface(event.target.value)}
          title="Network interface to capture on"
        >
          {interfaces === null ? <option value="">(loading)</option> : null}
          {interfaces !== null && interfaces.length === 0 ? <option value="">(none)</option> : null}
          {interfaces?.map((info) => (
            <option key={info.name} value={info.name} title={info.description ?? info.name}>
              {interfaceLabel(info)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="icon"
        title="List the interfaces again"
        aria-label="Refresh interfaces"
        disabled={busy}
        onClick={() => void actions.refreshInterfaces()}
      >
        ⟳
      </button>
      <label className="field grow">
        <span>Filter</span>
        <input
          data-testid="filter-input"
          className="bpf"
          type="text"
          spellCheck={false}
          value={filter}
          disabled={busy}
          placeholder="BPF, empty: udp or SIP over TCP"
          title="Capture filter (pcap-filter syntax)"
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !busy) start();
          }}
        />
      </label>
      {capturing ? (
        <button
          type="button"
          className="primary stop"
          data-testid="stop-button"
          onClick={() => void actions.stopCapture()}
        >
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="start-button"
          disabled={busy || iface === '' || !online}
          onClick={start}
        >
          Start
        </button>
      )}

      <span className="sep" />
      {transport.kind === 'electron' ? (
        <button
          type="button"
          data-testid="open-file"
          disabled={busy || !online}
          title="Open a capture file (Ctrl+O)"
          onClick={() => void actions.openFile()}
        >
          Open…
        </button>
      ) : (
        <>
          <select
            ref={fileSelectRef}
            data-testid="file-select"
            value={chosenFile}
            disabled={busy || files.length === 0}
            title="Capture files offered by callscope serve"
            onChange={(event) => onChooseFile(event.target.value)}
          >
            <option value="">{files.length === 0 ? '(no files offered)' : 'Capture file…'}</option>
            {files.map((path) => (
              <option key={path} value={path} title={path}>
                {path.split(/[\\/]/).pop() ?? path}
              </option>
            ))}
          </select>
          <button
            type="button"
            data-testid="open-file"
            disabled={busy || chosenFile === '' || !online}
            title="Analyse the chosen file (Ctrl+O)"
            onClick={() => void actions.openFile(chosenFile)}
          >
            Open
          </button>
        </>
      )}
      {analyzing ? (
        <span className="progress-box">
          <progress data-testid="progress" max={100} value={percent} />
          <span className="num">
            {percent.toFixed(0)}% · {count(progress?.packets ?? 0)} pkts
            {progress !== null && progress.totalBytes > 0 ? ` · ${bytes(progress.totalBytes)}` : ''}
          </span>
          <button type="button" data-testid="cancel-analysis" onClick={() => void actions.cancel()}>
            Cancel
          </button>
        </span>
      ) : null}
      <button
        type="button"
        data-testid="export-button"
        disabled={report === null || busy}
        title="Write streams.csv, seconds.csv and calls.csv (Ctrl+E)"
        onClick={() => void actions.exportReport()}
      >
        Export
      </button>
      {exported !== null ? (
        <span className="exported" data-testid="export-result" title={exported.join('\n')}>
          wrote {exported.map((path) => path.split(/[\\/]/).pop()).join(', ')}
        </span>
      ) : null}

      <span className="sep" />
      <span className="stat" title="Time since the first captured frame (file: first to last frame)">
        <span className="muted">elapsed</span>{' '}
        <span className="num" data-testid="elapsed">
          {duration(elapsed)}
        </span>
      </span>
      <span className="stat" title="Frames analysed during the last second">
        <span className="num" data-testid="health-pps" data-value={health?.packetsPerSecond ?? ''}>
          {count(health?.packetsPerSecond)}
        </span>{' '}
        <span className="muted">pkt/s</span>
      </span>
      <span className="stat" title="Frames analysed since the start">
        <span className="num" data-testid="health-seen" data-value={health?.packetsSeen ?? ''}>
          {count(health?.packetsSeen)}
        </span>{' '}
        <span className="muted">seen</span>
      </span>
      <span
        className={`stat drops${kernelDrops !== null && kernelDrops > 0 ? ' drops-alert' : ''}`}
        title={
          'Packets the kernel dropped for lack of buffer space: capture loss, not network loss' +
          (health?.interfaceDropped ? `\nInterface drops: ${health.interfaceDropped}` : '') +
          (health?.engineBacklog ? `\nEngine backlog: ${health.engineBacklog} packets` : '') +
          (health ? `\nDropped during the last second: ${health.droppedLastSecond}` : '')
        }
      >
        <span className="num" data-testid="health-drops" data-value={kernelDrops ?? ''}>
          {kernelDrops === null ? MISSING : count(kernelDrops)}
        </span>{' '}
        <span className="muted">kernel drops</span>
      </span>
      <button
        type="button"
        data-testid="settings-button"
        title="Thresholds and jitter buffer"
        aria-pressed={state.settingsOpen}
        onClick={() => store.dispatch({ type: 'settingsOpen', open: !state.settingsOpen })}
      >
        Settings
      </button>
    </header>
  );
}
