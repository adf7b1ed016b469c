/**
 * Thresholds (five metrics × four boundaries) and the jitter-buffer model, saved with saveSettings.
 */

import { useEffect, useMemo, useRef, useState } from 'react';
import type { Settings as SettingsValue } from '../../../shared/ipc.ts';
import { QUALITY_LEVELS } from '../../../shared/quality-levels.ts';
import {
  DEFAULT_THRESHOLDS,
  METRIC_DIRECTION,
  type ThresholdMetric,
  type Thresholds,
  validateThresholds,
} from '../../../shared/thresholds.ts';
import { useApp, useAppState } from '../hooks.ts';

const METRICS: readonly { metric: ThresholdMetric; label: string }[] = [
  { metric: 'mos', label: 'MOS' },
  { metric: 'rFactor', label: 'R factor (narrowband scale)' },
  { metric: 'jitterMs', label: 'Jitter, ms' },
  { metric: 'lossPercent', label: 'Loss, %' },
  { metric: 'rttMs', label: 'RTT, ms' },
];

const BOUNDARIES = ['good', 'warning', 'fair', 'poor'] as const;

/** Defaults of the jitter-buffer model (the engine's DEFAULT_JITTER_BUFFER: adaptive, 60 ms fixed). */
const DEFAULT_JITTER_BUFFER = { jitterBuffer: 'adaptive' as const, jitterBufferMs: 60 };

type Draft = Record<ThresholdMetric, Record<(typeof BOUNDARIES)[number], string>>;

const toDraft = (thresholds: Readonly<Thresholds>): Draft =>
  Object.fromEntries(
    METRICS.map(({ metric }) => [
      metric,
      Object.fromEntries(BOUNDARIES.map((b) => [b, String(thresholds[metric][b])])),
    ]),
  ) as Draft;

const fromDraft = (draft: Draft): Thresholds =>
  Object.fromEntries(
    METRICS.map(({ metric }) => [
      metric,
      Object.fromEntries(
        BOUNDARIES.map((b) => [b, draft[metric][b].trim() === '' ? Number.NaN : Number(draft[metric][b])]),
      ),
    ]),
  ) as unknown as Thresholds;

export function Settings() {
  const { store, actions } = useApp();
  const { settings } = useAppState();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings?.thresholds ?? DEFAULT_THRESHOLDS));
  const [jitterBuffer, setJitterBuffer] = useState<SettingsValue['jitterBuffer']>(
    settings?.jitterBuffer ?? DEFAULT_JITTER_BUFFER.jitterBuffer,
  );
  const [jitterBufferMs, setJitterBufferMs] = useState(
    String(settings?.jitterBufferMs ?? DEFAULT_JITTER_BUFFER.jitterBufferMs),
  );
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const close = () => store.dispatch({ type: 'settingsOpen', open: false });

  const thresholds = useMemo(() => fromDraft(draft), [draft]);
  const problems = useMemo(() => {
    const list = validateThresholds(thresholds);
    const ms = Number(jitterBufferMs);
    if (!Number.isInteger(ms) || ms < 10 || ms > 1000)
      list.push('jitter buffer: a whole number of ms, 10 to 1000');
    return list;
  }, [thresholds, jitterBufferMs]);

  const save = async () => {
    if (settings === null || problems.length > 0) return;
    setSaving(true);
    const ok = await actions.saveSettings({
      ...settings,
      thresholds,
      jitterBuffer,
      jitterBufferMs: Number(jitterBufferMs),
    });
    setSaving(false);
    setSaved(ok);
  };

  const reset = () => {
    setDraft(toDraft(DEFAULT_THRESHOLDS));
    setJitterBuffer(DEFAULT_JITTER_BUFFER.jitterBuffer);
    setJitterBufferMs(String(DEFAULT_JITTER_BUFFER.jitterBufferMs));
    setSaved(false);
  };

  return (
    <dialog ref={dialogRef} className="settings" data-testid="settings" aria-label="Settings" onClose={close}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2>Thresholds</h2>
        <p className="muted">
          Boundaries between levels. MOS and R: the lowest value of each level (higher is better). Jitter,
          loss and RTT: the highest value (lower is better). Beyond “poor” is critical.
        </p>
        <table className="thresholds">
          <thead>
            <tr>
              <th />
              {BOUNDARIES.map((b) => {
                const info = QUALITY_LEVELS.find((l) => l.level === b);
                return (
                  <th key={b} className={`level-${b}`}>
                    {info?.label ?? b}
                  </th>
                );
              })}
              <th className="level-critical">Critical</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map(({ metric, label }) => (
              <tr key={metric}>
                <th scope="row">{label}</th>
                {BOUNDARIES.map((b) => (
                  <td key={b}>
                    <input
                      type="number"
                      step="any"
                      data-testid={`threshold-${metric}-${b}`}
                      aria-label={`${label} ${b}`}
                      value={draft[metric][b]}
                      onChange={(event) => {
                        const value = event.target.value;
                        setSaved(false);
                        setDraft((d) => ({ ...d, [metric]: { ...d[metric], [b]: value } }));
                      }}
                    />
                  </td>
                ))}
                <td className="muted">
                  {METRIC_DIRECTION[metric] === 'higher-is-better' ? '<' : '>'} {draft[metric].poor}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>Jitter buffer</h2>
        <p className="muted">
          The receiver model behind discards and the delay budget; applies to the next capture or file.
        </p>
        <div className="row-fields">
          <label className="field">
            <span>Model</span>
            <select
              data-testid="jitter-buffer"
              value={jitterBuffer}
              onChange={(event) => {
                setSaved(false);
                setJitterBuffer(event.target.value === 'fixed' ? 'fixed' : 'adaptive');
              }}
            >
              <option value="adaptive">adaptive</option>
              <option value="fixed">fixed</option>
            </select>
          </label>
          <label className="field">
            <span>Fixed delay, ms</span>
            <input
              type="number"
              min={10}
              max={1000}
              step={1}
              data-testid="jitter-buffer-ms"
              value={jitterBufferMs}
              disabled={jitterBuffer !== 'fixed'}
              onChange={(event) => {
                setSaved(false);
                setJitterBufferMs(event.target.value);
              }}
            />
          </label>
        </div>

        {problems.length > 0 ? (
          <ul className="problems" data-testid="settings-problems">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}

        <div className="dialog-buttons">
          <button type="button" data-testid="settings-reset" onClick={reset}>
            Reset to defaults
          </button>
          <span className="grow" />
          {saved ? (
            <span className="muted" data-testid="settings-saved">
              saved
            </span>
          ) : null}
          <button type="button" onClick={() => dialogRef.current?.close()}>
            Close
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="settings-save"
            disabled={settings === null || problems.length > 0 || saving}
          >
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
