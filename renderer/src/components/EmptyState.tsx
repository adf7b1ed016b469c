/**
 * What to do when there is nothing to show: no capture permission (with the fix), no RTP yet
 * (the filter in use and what callscope looks for), or nothing opened.
 */

import { useApp, useAppState } from '../hooks.ts';
import { count } from '../lib/format.ts';

/** Capture errors whose hint tells the user how to get going. */
const CAPTURE_ERRORS = new Set([
  'permission',
  'no-helper',
  'no-such-device',
  'bad-filter',
  'interface-down',
  'failed',
]);

/** The engine's filter when the box is empty (electron/engine/capture/live-capture.ts DEFAULT_CAPTURE_FILTER). */
const DEFAULT_FILTER_TEXT = 'udp or (tcp and (port 5060 or port 5061 or port 5080))';

function DemoButton() {
  const { actions } = useApp();
  const { files, engine } = useAppState();
  const demo = files[0];
  if (demo === undefined) return null;
  return (
    <button
      type="button"
      data-testid="open-demo"
      disabled={engine.state !== 'idle'}
      title={demo}
      onClick={() => void actions.openFile(demo)}
    >
      Open {demo.split(/[\\/]/).pop()}
    </button>
  );
}

export function EmptyState() {
  const state = useAppState();
  const { engine, errors, snapshot, report, captureRequest, progress } = state;
  const captureError = [...errors].reverse().find((error) => CAPTURE_ERRORS.has(error.kind));

  if (engine.state === 'analyzing') {
    return (
      <div className="empty" data-testid="empty-state" data-reason="analyzing">
        <h2>Analysing {engine.source?.split(/[\\/]/).pop() ?? 'the file'}…</h2>
        <p className="muted">{count(progress?.packets ?? 0)} packets read.</p>
      </div>
    );
  }

  if (engine.state === 'capturing') {
    const filter = captureRequest?.filter?.trim() || DEFAULT_FILTER_TEXT;
    return (
      <div className="empty" data-testid="empty-state" data-reason="no-rtp">
        <h2>No RTP seen yet</h2>
        <p>
          Capturing on <b>{captureRequest?.interface ?? engine.source ?? '?'}</b> with the filter{' '}
          <code>{filter}</code>.{' '}
          {snapshot !== null ? `${count(snapshot.health.packetsSeen)} packets seen so far.` : ''}
        </p>
        <p className="muted">
          callscope looks for RTP over UDP on any port (version 2 headers with the same SSRC and advancing
          sequence numbers over three packets, or endpoints announced in SDP), RTCP anywhere by its header,
          and SIP by content on any UDP port and in TCP streams (the default filter keeps TCP 5060/5061/5080).
          A filter that excludes UDP shows nothing.
        </p>
      </div>
    );
  }

  if (captureError !== undefined) {
    return (
      <div
        className="empty"
        data-testid="empty-state"
        data-reason={captureError.kind === 'permission' ? 'permission' : 'capture-error'}
      >
        <h2>
          {captureError.kind === 'permission' ? 'No permission to capture' : 'The capture could not start'}
        </h2>
        <p>{captureError.message}</p>
        {captureError.hint !== null ? (
          <pre className="hint" data-testid="error-hint">
            {captureError.hint}
          </pre>
        ) : null}
        <p className="muted">Meanwhile you can analyse a capture file.</p>
        <DemoButton />
      </div>
    );
  }

  if (report !== null) {
    const skipped = Object.entries(report.frames.skipped).sort((a, b) => b[1] - a[1]);
    return (
      <div className="empty" data-testid="empty-state" data-reason="no-streams">
        <h2>No RTP streams in {report.file.split(/[\\/]/).pop()}</h2>
        <p>
          {count(report.packets)} frames read: {count(report.frames.rtp)} RTP, {count(report.frames.rtcp)}{' '}
          RTCP, {count(report.frames.sip)} SIP.
        </p>
        {skipped.length > 0 ? (
          <p className="muted">
            Skipped:{' '}
            {skipped
              .slice(0, 6)
              .map(([reason, n]) => `${reason} ${count(n)}`)
              .join(', ')}
          </p>
        ) : null}
        {report.error !== null ? <p className="error-text">{report.error}</p> : null}
      </div>
    );
  }

  return (
    <div className="empty" data-testid="empty-state" data-reason="idle">
      <h2>Nothing captured yet</h2>
      <p>Choose an interface and press Start to watch calls live, or open a pcap/pcapng file (Ctrl+O).</p>
      <p className="muted">
        Keys: / filter · ↑↓ select · Ctrl+click add to the timeline · Esc clear selection · Ctrl+E export
      </p>
      <DemoButton />
    </div>
  );
}
